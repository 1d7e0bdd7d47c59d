/**
 * Finds a downstream MCP server's authorization server (RFC 9728 protected-resource metadata, then
 * RFC 8414 authorization-server metadata) and registers the navigator as a client (RFC 7591).
 */
import { z } from 'zod';
import type { OAuthSettings } from '../store/store.js';
import { fetchJson, OAuthFlowError } from './http.js';

const ResourceMetadata = z.object({ resource: z.string().optional(), authorization_servers: z.array(z.string().url()).min(1), scopes_supported: z.array(z.string()).optional() });
const AuthServerMetadata = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  registration_endpoint: z.string().url().optional(),
  revocation_endpoint: z.string().url().optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
  scopes_supported: z.array(z.string()).optional(),
});
const RegistrationResponse = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().optional(),
  token_endpoint_auth_method: z.string().optional(),
});

/** `https://h/.well-known/{name}{path}` as RFC 8414/9728 build it; the path-less form as fallback. */
function wellKnownCandidates(base: string, name: string): string[] {
  const u = new URL(base);
  const path = u.pathname.replace(/\/$/, '');
  const root = `${u.origin}/.well-known/${name}`;
  return path && path !== '/' ? [`${root}${path}`, root] : [root];
}

async function firstMetadata<T extends z.ZodType>(urls: string[], schema: T, timeoutMs: number): Promise<z.infer<T>> {
  let last: unknown;
  for (const url of urls) {
    try {
      return await fetchJson(url, schema, { timeoutMs, headers: { accept: 'application/json' } });
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof OAuthFlowError ? last : new OAuthFlowError('metadata discovery failed');
}

/** Discovers the OAuth endpoints of `mcpUrl` and registers a client with `redirectUri`. */
export async function discoverAndRegister(mcpUrl: string, redirectUri: string, timeoutMs = 10_000): Promise<OAuthSettings> {
  const prm = await firstMetadata(wellKnownCandidates(mcpUrl, 'oauth-protected-resource'), ResourceMetadata, timeoutMs).catch((err: unknown) => {
    throw new OAuthFlowError(`no OAuth protected-resource metadata at ${new URL(mcpUrl).origin} (${err instanceof Error ? err.message : 'error'})`);
  });
  const issuer = prm.authorization_servers[0] ?? '';
  const asm = await firstMetadata(wellKnownCandidates(issuer, 'oauth-authorization-server'), AuthServerMetadata, timeoutMs).catch((err: unknown) => {
    throw new OAuthFlowError(`no authorization-server metadata for ${issuer} (${err instanceof Error ? err.message : 'error'})`);
  });
  if (asm.code_challenge_methods_supported && !asm.code_challenge_methods_supported.includes('S256')) {
    throw new OAuthFlowError(`${issuer} does not support PKCE S256`);
  }
  if (!asm.registration_endpoint) throw new OAuthFlowError(`${issuer} does not offer dynamic client registration`);
  const reg = await fetchJson(asm.registration_endpoint, RegistrationResponse, {
    timeoutMs,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      client_name: 'Navigator',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }),
  });
  const scopes = prm.scopes_supported ?? asm.scopes_supported;
  return {
    authorization_endpoint: asm.authorization_endpoint,
    token_endpoint: asm.token_endpoint,
    revocation_endpoint: asm.revocation_endpoint,
    client_id: reg.client_id,
    client_secret: reg.client_secret,
    token_endpoint_auth_method: reg.token_endpoint_auth_method ?? (reg.client_secret ? 'client_secret_post' : 'none'),
    redirect_uri: redirectUri,
    resource: prm.resource,
    scope: scopes && scopes.length > 0 ? scopes.join(' ') : undefined,
  };
}
