/**
 * OAuth scopes of a mock: which scopes a grant gets when the client asks for none, and the per-tool
 * check. A token without a tool's scope gets an isError result naming it, like Slack's `missing_scope`
 * (`needed` / `provided`), so a model can tell the user to reconnect; tools/list is not filtered, because
 * a gateway caches one tool list per server for every user.
 */
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * The scopes of a grant. Asked-for scopes win; without any, the scopes the client registered with
 * (RFC 7591 `scope`, unknown ones dropped), else every supported scope, so a client that asks for
 * nothing keeps working as before scopes were enforced.
 */
export function grantedScopes(
  requested: readonly string[],
  client: OAuthClientInformationFull,
  supported: readonly string[],
): string[] {
  if (requested.length > 0) return [...new Set(requested)];
  const registered = (client.scope ?? '').split(' ').filter((s) => supported.includes(s));
  return registered.length > 0 ? [...new Set(registered)] : [...supported];
}

/** The isError result for a call whose token lacks `needed`, or undefined when the token has it. */
export function missingScope(tool: string, needed: string, authInfo: AuthInfo | undefined): CallToolResult | undefined {
  const provided = authInfo?.scopes ?? [];
  if (provided.includes(needed)) return undefined;
  const granted = provided.length > 0 ? provided.join(' ') : 'no scopes';
  return {
    isError: true,
    content: [
      {
        type: 'text',
        text: `Missing OAuth scope "${needed}": ${tool} needs it, but this connection was granted ${granted}. Reconnect and allow "${needed}" to use ${tool}.`,
      },
    ],
    structuredContent: { error: 'missing_scope', needed, provided: [...provided] },
  };
}

/** Wraps a tool callback so it runs only when the calling token carries the scope `toolScopes[tool]`. */
export function withScope<Tool extends string, Args, Extra extends { authInfo?: AuthInfo }>(
  toolScopes: Readonly<Record<Tool, string>>,
  tool: Tool,
  cb: (args: Args, extra: Extra) => CallToolResult,
): (args: Args, extra: Extra) => CallToolResult {
  const scope = toolScopes[tool];
  return (args, extra) => missingScope(tool, scope, extra.authInfo) ?? cb(args, extra);
}
