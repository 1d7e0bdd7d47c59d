/**
 * The errors of the navigator's OAuth client. `OAuthRuleError`: the server's metadata or answer
 * broke a named rule (RFC 9728 §3.3, RFC 8414 §3.3, same-origin endpoints, RFC 9207); the settings
 * API answers it as a 4xx naming the rule. `OAuthFlowError`: anything else, with a generic text; no
 * token value and no transport detail (port state) ever goes into either message.
 */

export class OAuthFlowError extends Error {
  constructor(
    message: string,
    /** The OAuth `error` code when the server sent one (e.g. invalid_grant). */
    readonly oauthError?: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'OAuthFlowError';
  }
}

export class OAuthRuleError extends OAuthFlowError {
  constructor(
    /** Short name of the rule, e.g. `RFC 9728 §3.3`. */
    readonly rule: string,
    message: string,
  ) {
    super(`${rule}: ${message}`);
    this.name = 'OAuthRuleError';
  }
}

/**
 * True when OAuth settings were made for this MCP URL: their RFC 8707 resource is the URL itself.
 * Settings stored before the resource check (or copied from another server) fail it, and their
 * tokens are never sent to this URL.
 */
export function settingsMatchServer(settings: { resource?: string } | undefined, mcpUrl: string): boolean {
  if (!settings?.resource) return false;
  try {
    return new URL(settings.resource).href === new URL(mcpUrl).href;
  } catch {
    return false;
  }
}
