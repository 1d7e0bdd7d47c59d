/**
 * Test helpers for the mock servers: a raw OAuth 2.1 client (register, PKCE, authorize URL, token
 * requests) over real HTTP, and an MCP SDK client connected with a bearer token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { completeConsent } from '../../../kit/auth-browser.js';

export const REDIRECT_URI = 'http://127.0.0.1:9/callback';

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface RegisteredClient {
  client_id: string;
  client_secret?: string;
}

export async function registerClient(base: string, extra: Record<string, unknown> = {}): Promise<RegisteredClient> {
  const res = await fetch(`${base}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Navigator test client',
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'none',
      ...extra,
    }),
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as RegisteredClient;
}

export function authorizeUrl(
  base: string,
  client: RegisteredClient,
  p: Pkce,
  over: Record<string, string | undefined> = {},
): string {
  const url = new URL(`${base}/authorize`);
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    code_challenge: p.challenge,
    code_challenge_method: 'S256',
    state: 'st-123',
    ...over,
  };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.href;
}

export async function tokenRequest(
  base: string,
  client: RegisteredClient,
  params: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new URLSearchParams({ client_id: client.client_id, ...params });
  if (client.client_secret) form.set('client_secret', client.client_secret);
  const res = await fetch(`${base}/token`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
}

/** Full authorization-code + PKCE flow for one account (all scopes unless `scope` is given); returns the token response. */
export async function signIn(
  base: string,
  account: string,
  client?: RegisteredClient,
  scope?: string,
): Promise<Tokens & { client: RegisteredClient }> {
  const c = client ?? (await registerClient(base));
  const p = pkce();
  const location = new URL(await completeConsent(authorizeUrl(base, c, p, { scope }), { account }));
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location.href}`);
  const { status, body } = await tokenRequest(base, c, {
    grant_type: 'authorization_code',
    code,
    code_verifier: p.verifier,
    redirect_uri: REDIRECT_URI,
  });
  if (status !== 200) throw new Error(`token failed: ${status} ${JSON.stringify(body)}`);
  return { ...(body as unknown as Tokens), client: c };
}

export async function connect(
  base: string,
  token?: string,
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
    requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
  });
  const client = new Client({ name: 'mock-server-tests', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

/** First text content of a tool result. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.find((c) => c.type === 'text')?.text ?? '';
}

export async function rawMcp(base: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body,
  });
}

export const INIT_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

export async function admin(base: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
