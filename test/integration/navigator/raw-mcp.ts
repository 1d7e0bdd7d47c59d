/**
 * Raw JSON-RPC over HTTP against the navigator's MCP endpoint, for tests that look at what an SDK
 * client would hide: status lines, headers, error codes and messages, and requests left in flight.
 */
import type { Stack } from '../../../kit/stack.js';

export const PROTOCOL = '2025-11-25';

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json:
    | { id?: unknown; error?: { code: number; message: string; data?: unknown }; result?: Record<string, unknown> }
    | undefined;
}

export async function rawPost(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  method = 'POST',
): Promise<RawAnswer> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: method === 'POST' || method === 'PUT' ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
  });
  const text = await res.text();
  let json: RawAnswer['json'];
  try {
    json = JSON.parse(text) as RawAnswer['json'];
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export interface RawSession {
  id: string;
  /** POSTs `body` on the session. */
  post(body: unknown): Promise<RawAnswer>;
}

/** initialize + notifications/initialized for `user`, as a raw client declaring `capabilities`. */
export async function rawSession(
  stack: Stack,
  user: string,
  capabilities: Record<string, unknown> = {},
): Promise<RawSession> {
  const init = await rawPost(stack.mcpUrl, stack.mcpHeaders(user), {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: PROTOCOL, capabilities, clientInfo: { name: 'raw-test', version: '1' } },
  });
  const id = init.headers.get('mcp-session-id');
  if (init.status !== 200 || !id) throw new Error(`initialize failed (HTTP ${init.status}): ${init.text}`);
  const headers = { ...stack.mcpHeaders(user), 'mcp-session-id': id, 'mcp-protocol-version': PROTOCOL };
  const post = (body: unknown) => rawPost(stack.mcpUrl, headers, body);
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return { id, post };
}
