/**
 * The navigator as an OAuth client of a downstream server, on `oauth4webapi`: PKCE S256, the authorize
 * URL, the callback check (state, and RFC 9207 `iss` when the server advertises it), the code
 * exchange, refresh-token rotation and RFC 7009 revocation. RFC 8707 `resource` (the configured MCP
 * URL, checked at discovery) goes on the authorize, token and refresh requests, so a token is only
 * ever minted for that server. Token values are returned to the caller and never put into errors.
 */
import * as oauth from 'oauth4webapi';
import { systemClock, type Clock } from '../../shared/clock.js';
import type { OAuthSettings, Tokens } from '../store/store.js';
import { libOptions } from './discovery.js';
import { OAuthFlowError, OAuthRuleError } from './http.js';
import { createOutboundFetch } from './outbound.js';
import type { FetchLike } from './outbound.js';

function asOf(s: OAuthSettings): oauth.AuthorizationServer {
  return {
    // Settings stored before the issuer was recorded: the authorize endpoint's origin stands in.
    issuer: s.issuer ?? new URL(s.authorization_endpoint).origin,
    authorization_endpoint: s.authorization_endpoint,
    token_endpoint: s.token_endpoint,
    revocation_endpoint: s.revocation_endpoint,
    authorization_response_iss_parameter_supported: s.iss_parameter_supported === true,
  };
}
function clientOf(s: OAuthSettings): oauth.Client {
  return { client_id: s.client_id, token_endpoint_auth_method: s.token_endpoint_auth_method };
}
function clientAuthOf(s: OAuthSettings): oauth.ClientAuth {
  if (!s.client_secret) return oauth.None();
  return s.token_endpoint_auth_method === 'client_secret_basic'
    ? oauth.ClientSecretBasic(s.client_secret)
    : oauth.ClientSecretPost(s.client_secret);
}
/**
 * How every token-endpoint call reaches the server: its timeout, a fetch to use instead of the outbound one,
 * and the clock that dates the tokens' expiry.
 */
type Reach = [timeoutMs: number, fetchFn?: FetchLike, clock?: Clock];

function options([timeoutMs, fetchFn]: Reach, extra: Record<string, string | undefined>) {
  const additionalParameters = Object.fromEntries(
    Object.entries(extra).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return { ...libOptions(fetchFn ?? createOutboundFetch({ timeoutMs })), additionalParameters };
}

/** A token-endpoint failure as an `OAuthFlowError` carrying the OAuth error code and HTTP status. */
function tokenFailure(err: unknown, what: string): OAuthFlowError {
  if (err instanceof oauth.ResponseBodyError)
    return new OAuthFlowError(`${what} was refused (${err.error})`, err.error, err.status);
  if (err instanceof oauth.WWWAuthenticateChallengeError) {
    const code = err.cause[0]?.parameters.error ?? 'invalid_client';
    return new OAuthFlowError(`${what} was refused (${code})`, code, err.status);
  }
  if (err instanceof OAuthFlowError) return err;
  return new OAuthFlowError(`${what} failed: no usable answer from the authorization server`);
}

function toTokens(t: oauth.TokenEndpointResponse, [, , clock = systemClock]: Reach): Tokens {
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: typeof t.expires_in === 'number' ? clock.now() + t.expires_in * 1000 : undefined,
  };
}

export async function createPkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = oauth.generateRandomCodeVerifier();
  return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) };
}

export function buildAuthorizeUrl(s: OAuthSettings, state: string, challenge: string): string {
  const u = new URL(s.authorization_endpoint);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', s.client_id);
  u.searchParams.set('redirect_uri', s.redirect_uri);
  u.searchParams.set('state', state);
  u.searchParams.set('code_challenge', challenge);
  u.searchParams.set('code_challenge_method', 'S256');
  if (s.scope) u.searchParams.set('scope', s.scope);
  if (s.resource) u.searchParams.set('resource', s.resource);
  return u.toString();
}

/**
 * Checks the callback's parameters against the state the navigator issued and, when the server
 * advertises RFC 9207, its `iss`. Returns the parameters for the code exchange. An `error=` answer is
 * an `oauth.AuthorizationResponseError` for the caller to report.
 */
export function validateCallback(s: OAuthSettings, params: URLSearchParams, expectedState: string): URLSearchParams {
  // Settings stored before the issuer was recorded cannot check `iss`: they are re-discovered on the next registration.
  if (!s.issuer && params.has('iss')) {
    params = new URLSearchParams(params);
    params.delete('iss');
  }
  try {
    return oauth.validateAuthResponse(asOf(s), clientOf(s), params, expectedState);
  } catch (err) {
    if (err instanceof oauth.AuthorizationResponseError) throw err;
    if (err instanceof oauth.OperationProcessingError && /"iss"/.test(err.message)) {
      throw new OAuthRuleError(
        'RFC 9207',
        'the authorization response names another issuer (or none) than the server this connection was started with',
      );
    }
    throw new OAuthFlowError('the authorization response is malformed');
  }
}

type Endpoint = [as: oauth.AuthorizationServer, client: oauth.Client, auth: oauth.ClientAuth];

/** Sends one request to the server's token or revocation endpoint; a failure is named after `what`. */
async function call<T>(s: OAuthSettings, what: string, send: (...endpoint: Endpoint) => Promise<T>): Promise<T> {
  try {
    return await send(asOf(s), clientOf(s), clientAuthOf(s));
  } catch (err) {
    throw tokenFailure(err, what);
  }
}

export function exchangeCode(
  s: OAuthSettings,
  callback: URLSearchParams,
  verifier: string,
  ...reach: Reach
): Promise<Tokens> {
  const opts = options(reach, { resource: s.resource });
  return call(s, 'the code exchange', async (as, client, auth) => {
    const res = await oauth.authorizationCodeGrantRequest(as, client, auth, callback, s.redirect_uri, verifier, opts);
    return toTokens(await oauth.processAuthorizationCodeResponse(as, client, res), reach);
  });
}

/** Uses a refresh token once; the server rotates it, so the caller must store the new one. */
export function refreshTokens(s: OAuthSettings, refreshToken: string, ...reach: Reach): Promise<Tokens> {
  const opts = options(reach, { resource: s.resource });
  return call(s, 'the refresh', async (as, client, auth) => {
    const res = await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, opts);
    const t = toTokens(await oauth.processRefreshTokenResponse(as, client, res), reach);
    return { ...t, refreshToken: t.refreshToken ?? refreshToken };
  });
}

/**
 * RFC 7009: revokes a grant (its refresh token ends the whole grant at servers that follow §2.1, the
 * access token is revoked too for those that do not). 'unsupported' when no endpoint is advertised.
 */
export async function revokeTokens(
  s: OAuthSettings,
  tokens: Tokens,
  ...reach: Reach
): Promise<'revoked' | 'unsupported'> {
  if (!s.revocation_endpoint) return 'unsupported';
  const send = (token: string, hint: string) =>
    call(s, 'the revocation', async (as, client, auth) => {
      const opts = options(reach, { token_type_hint: hint });
      await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, token, opts));
    });
  if (tokens.refreshToken) await send(tokens.refreshToken, 'refresh_token');
  await send(tokens.accessToken, 'access_token');
  return 'revoked';
}
