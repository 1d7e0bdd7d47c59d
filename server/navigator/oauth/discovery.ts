/**
 * Finds a downstream MCP server's authorization server and registers the navigator as its client, on
 * `oauth4webapi`, with the checks that keep one server from steering the navigator into sending it
 * another server's tokens:
 * - RFC 9728 §3.3: the protected-resource metadata's `resource` equals the configured MCP URL;
 * - RFC 8414 §3.3: the authorization-server metadata's `issuer` equals the URL it was derived from;
 * - the authorize, token, registration and revocation endpoints are on the issuer's origin;
 * - PKCE S256 is supported.
 * A broken rule is an `OAuthRuleError` naming it; everything else is one generic `OAuthFlowError`.
 * Every request goes through the outbound fetch (http(s), allow-list, no redirects, bounded).
 */
import * as oauth from 'oauth4webapi';
import type { OAuthSettings } from '../store/store.js';
import { OAuthFlowError, OAuthRuleError } from './http.js';
import { OutboundError, createOutboundFetch } from './outbound.js';
import type { FetchLike } from './outbound.js';

export interface DiscoveryOptions {
  fetch?: FetchLike;
}

/** RFC 9728 §3.1 path-inserted URL first, then the path-less one (servers that serve only the root). */
function resourceMetadataUrls(resource: URL): string[] {
  const path = resource.pathname.replace(/\/$/, '');
  const root = `${resource.origin}/.well-known/oauth-protected-resource`;
  return path ? [`${root}${path}`, root] : [root];
}

/** oauth4webapi options: our fetch (which enforces the scheme), so its own https-only check is off. */
export function libOptions(fetchFn: FetchLike): {
  [oauth.customFetch]: FetchLike;
  [oauth.allowInsecureRequests]: true;
} {
  return { [oauth.customFetch]: fetchFn, [oauth.allowInsecureRequests]: true };
}

/** Re-throws an outbound policy refusal as a rule error; any other failure as the generic `fallback`. */
function mapFailure(err: unknown, what: string, fallback: string): never {
  if (err instanceof OAuthFlowError) throw err;
  if (err instanceof OutboundError && err.kind === 'policy')
    throw new OAuthRuleError('outbound policy', `the ${what} ${err.message.replace(/^the URL /, '')}`);
  throw new OAuthFlowError(fallback);
}

function isComparison(err: unknown, attribute: string): boolean {
  return (
    err instanceof oauth.OperationProcessingError &&
    err.code === oauth.JSON_ATTRIBUTE_COMPARISON &&
    (err.cause as { attribute?: string } | undefined)?.attribute === attribute
  );
}

async function resourceMetadata(mcpUrl: URL, fetchFn: FetchLike): Promise<oauth.ResourceServer> {
  const generic = `no usable OAuth protected-resource metadata (RFC 9728) for ${mcpUrl.href}`;
  let lastRule: OAuthRuleError | undefined;
  for (const url of resourceMetadataUrls(mcpUrl)) {
    try {
      const res = await fetchFn(url, { headers: { accept: 'application/json' } });
      const body = (await res
        .clone()
        .json()
        .catch(() => undefined)) as { resource?: unknown; authorization_servers?: unknown } | undefined;
      // Only a document that is protected-resource metadata gets the rule named; any other JSON stays generic.
      if (res.status === 200 && body && Array.isArray(body.authorization_servers) && body.resource === undefined) {
        throw new OAuthRuleError(
          'RFC 9728 §3.3',
          `the protected-resource metadata of ${mcpUrl.href} names no "resource"; it must name the configured MCP URL`,
        );
      }
      return await oauth.processResourceDiscoveryResponse(mcpUrl, res);
    } catch (err) {
      if (isComparison(err, 'resource')) {
        lastRule = new OAuthRuleError(
          'RFC 9728 §3.3',
          `the protected-resource metadata names a different resource than the configured MCP URL ${mcpUrl.href}; its tokens would be meant for another server`,
        );
        continue;
      }
      if (err instanceof OAuthRuleError) {
        lastRule = err;
        continue;
      }
      if (err instanceof OutboundError && err.kind === 'policy') mapFailure(err, 'MCP URL', generic);
    }
  }
  throw lastRule ?? new OAuthFlowError(generic);
}

async function authorizationServerMetadata(issuer: URL, fetchFn: FetchLike): Promise<oauth.AuthorizationServer> {
  try {
    const res = await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...libOptions(fetchFn) });
    return await oauth.processDiscoveryResponse(issuer, res);
  } catch (err) {
    if (isComparison(err, 'issuer')) {
      throw new OAuthRuleError(
        'RFC 8414 §3.3',
        `the authorization-server metadata fetched for ${issuer.href} names a different issuer`,
      );
    }
    return mapFailure(
      err,
      'authorization server URL',
      `no usable OAuth authorization-server metadata (RFC 8414) for ${issuer.href}`,
    );
  }
}

/** Every endpoint the navigator will call or send users to must be on the issuer's own origin. */
function checkEndpoints(as: oauth.AuthorizationServer, issuer: URL): void {
  const names = ['authorization_endpoint', 'token_endpoint', 'registration_endpoint', 'revocation_endpoint'] as const;
  for (const name of names) {
    const value = as[name];
    if (value === undefined) continue;
    let origin: string | undefined;
    try {
      origin = new URL(value).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== issuer.origin)
      throw new OAuthRuleError(
        'endpoint origin',
        `the ${name} of ${issuer.href} is not on the issuer's origin ${issuer.origin}`,
      );
  }
  if (!as.authorization_endpoint || !as.token_endpoint)
    throw new OAuthFlowError(`the authorization server ${issuer.href} names no authorization or token endpoint`);
}

/** Discovers the OAuth endpoints of `mcpUrl` (checked as above) and registers a client with `redirectUri`. */
export async function discoverAndRegister(
  mcpUrl: string,
  redirectUri: string,
  opts: DiscoveryOptions = {},
): Promise<OAuthSettings> {
  const fetchFn = opts.fetch ?? createOutboundFetch();
  let resource: URL;
  try {
    resource = new URL(mcpUrl);
  } catch {
    throw new OAuthRuleError('outbound policy', 'the MCP URL is not a valid URL');
  }
  const prm = await resourceMetadata(resource, fetchFn);
  const first = prm.authorization_servers?.[0];
  if (!first || !URL.canParse(first))
    throw new OAuthFlowError(`the protected-resource metadata of ${resource.href} names no authorization server`);
  const issuer = new URL(first);
  if (issuer.protocol !== 'http:' && issuer.protocol !== 'https:')
    throw new OAuthRuleError('outbound policy', 'the authorization server URL is not an http(s) URL');
  const as = await authorizationServerMetadata(issuer, fetchFn);
  checkEndpoints(as, issuer);
  if (as.code_challenge_methods_supported && !as.code_challenge_methods_supported.includes('S256')) {
    throw new OAuthRuleError('PKCE', `${issuer.href} does not support PKCE S256`);
  }
  if (!as.registration_endpoint)
    throw new OAuthFlowError(`${issuer.href} does not offer dynamic client registration (RFC 7591)`);
  let client: Omit<oauth.Client, symbol>;
  try {
    const res = await oauth.dynamicClientRegistrationRequest(
      as,
      {
        client_name: 'Navigator',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
      libOptions(fetchFn),
    );
    client = await oauth.processDynamicClientRegistrationResponse(res);
  } catch (err) {
    return mapFailure(err, 'registration endpoint', `client registration (RFC 7591) at ${issuer.href} failed`);
  }
  const scopes = prm.scopes_supported ?? as.scopes_supported;
  const secret = typeof client.client_secret === 'string' ? client.client_secret : undefined;
  const method =
    typeof client.token_endpoint_auth_method === 'string'
      ? client.token_endpoint_auth_method
      : secret
        ? 'client_secret_post'
        : 'none';
  return {
    issuer: as.issuer,
    authorization_endpoint: as.authorization_endpoint ?? '',
    token_endpoint: as.token_endpoint ?? '',
    revocation_endpoint: as.revocation_endpoint,
    iss_parameter_supported: as.authorization_response_iss_parameter_supported === true,
    client_id: typeof client.client_id === 'string' ? client.client_id : '',
    client_secret: secret,
    token_endpoint_auth_method: method,
    redirect_uri: redirectUri,
    resource: resource.href,
    scope: scopes && scopes.length > 0 ? scopes.join(' ') : undefined,
  };
}
