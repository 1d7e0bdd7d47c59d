/**
 * One downstream MCP session's life: the SDK Client opens it (initialize) and ends it; the calls in
 * between go through the lean caller in rpc.ts, so an open session is kept as its `RpcTarget`.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { rpcTarget } from './rpc.js';
import type { RpcTarget } from './rpc.js';

/** An open session of one (owner, server). */
export interface Entry {
  client: Client;
  accessToken: string | undefined;
  /** Where and with which session headers the lean caller posts. */
  target: RpcTarget;
}

/** Refuse the standalone GET stream: the gateway does not need downstream notifications, and it would hold a socket per client. */
const fetchWithoutSse: typeof fetch = (input, init) =>
  init?.method === 'GET' ? Promise.resolve(new Response(null, { status: 405 })) : fetch(input, init);

/** Opens a session at `mcpUrl`, sending `token` (if any) as the Bearer credential. */
export async function openSession(
  mcpUrl: string,
  token: string | undefined,
  timeoutMs: number,
  jsonSchemaValidator: AjvJsonSchemaValidator,
): Promise<Entry> {
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
    fetch: fetchWithoutSse,
    requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : undefined,
  });
  const client = new Client({ name: 'navigator', version: '0.1.0' }, { capabilities: {}, jsonSchemaValidator });
  client.onerror = () => {}; // transport noise is reported through the failing request instead
  await client.connect(transport, { timeout: timeoutMs });
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (transport.sessionId) headers['mcp-session-id'] = transport.sessionId;
  if (transport.protocolVersion) headers['mcp-protocol-version'] = transport.protocolVersion;
  return { client, accessToken: token, target: rpcTarget(mcpUrl, headers) };
}

/** Ends the downstream session (DELETE, best effort, at most 1 s) so dropped clients leave no sessions behind, then closes. */
export async function closeClient(client: Client): Promise<void> {
  const transport = client.transport;
  if (transport instanceof StreamableHTTPClientTransport) {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((r) => (timer = setTimeout(r, 1_000).unref()));
    await Promise.race([transport.terminateSession().catch(() => {}), deadline]);
    clearTimeout(timer);
  }
  await client.close();
}
