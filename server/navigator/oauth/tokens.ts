/**
 * The navigator as an OAuth client of a downstream server: PKCE, the authorize URL, the code
 * exchange and refresh-token rotation. Token values are returned to the caller and never put
 * into error messages.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { randomToken } from '../crypto.js';
import type { OAuthSettings, Tokens } from '../store/store.js';
import { fetchJson } from './http.js';

const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  refresh_token: z.string().optional(),
  expires_in: z.number().optional(),
});

export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomToken(48);
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function buildAuthorizeUrl(oauth: OAuthSettings, state: string, challenge: string): string {
  const u = new URL(oauth.authorization_endpoint);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', oauth.client_id);
  u.searchParams.set('redirect_uri', oauth.redirect_uri);
  u.searchParams.set('state', state);
  u.searchParams.set('code_challenge', challenge);
  u.searchParams.set('code_challenge_method', 'S256');
  if (oauth.scope) u.searchParams.set('scope', oauth.scope);
  if (oauth.resource) u.searchParams.set('resource', oauth.resource);
  return u.toString();
}

async function tokenRequest(oauth: OAuthSettings, params: Record<string, string>, timeoutMs: number): Promise<Tokens> {
  const body = new URLSearchParams(params);
  body.set('client_id', oauth.client_id);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (oauth.client_secret && oauth.token_endpoint_auth_method === 'client_secret_basic') {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(oauth.client_id)}:${encodeURIComponent(oauth.client_secret)}`).toString('base64')}`;
  } else if (oauth.client_secret) {
    body.set('client_secret', oauth.client_secret);
  }
  if (oauth.resource) body.set('resource', oauth.resource);
  const t = await fetchJson(oauth.token_endpoint, TokenResponse, { method: 'POST', headers, body, timeoutMs });
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: t.expires_in !== undefined ? Date.now() + t.expires_in * 1000 : undefined,
  };
}

export function exchangeCode(oauth: OAuthSettings, code: string, verifier: string, timeoutMs: number): Promise<Tokens> {
  return tokenRequest(oauth, { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: oauth.redirect_uri }, timeoutMs);
}

/** Uses a refresh token once; the server rotates it, so the caller must store the new one. */
export async function refreshTokens(oauth: OAuthSettings, refreshToken: string, timeoutMs: number): Promise<Tokens> {
  const t = await tokenRequest(oauth, { grant_type: 'refresh_token', refresh_token: refreshToken }, timeoutMs);
  return { ...t, refreshToken: t.refreshToken ?? refreshToken };
}
