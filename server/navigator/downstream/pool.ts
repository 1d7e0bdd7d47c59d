/**
 * Downstream MCP connections, one session per (owner, server), created lazily and reused across
 * calls so a proxied call costs one HTTP round trip. The SDK Client opens the session (initialize)
 * and closes it; calls on the open session go through the lean caller in rpc.ts. Handles expired access tokens (refresh once with
 * rotation, single-flight per credential), marks credentials invalid when refresh fails (B16), and
 * turns timeouts and outages into typed failures the gateway reports as tool errors.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { NavigatorStore, ServerRecord } from '../store/store.js';
import { OAuthFlowError, settingsMatchServer } from '../oauth/http.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { refreshTokens } from '../oauth/tokens.js';
import { createAgents, destroyAgents, RequestCancelled, rpcRequest, rpcTarget } from './rpc.js';
import type { RpcAgents, RpcTarget } from './rpc.js';

/** What the pool needs of the store: read, rotate and invalidate one credential. */
export type PoolCredentials = Pick<NavigatorStore, 'getCredential' | 'saveCredential' | 'markCredentialInvalid'>;

export type FailureReason = 'not_connected' | 'auth_failed' | 'timeout' | 'unavailable' | 'downstream_error';

/** A downstream call that did not produce a result; `message` is safe to show (no token values). */
export class DownstreamFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'DownstreamFailure';
  }
}

interface Entry {
  client: Client;
  accessToken: string | undefined;
  /** Where and with which session headers the lean caller posts. */
  target: RpcTarget;
}

export interface PoolOptions {
  credentials: PoolCredentials;
  timeoutMs: number;
  maxClients?: number;
  toolCacheMs?: number;
  log?: (line: string) => void;
  /** Told when a failed refresh marked a credential invalid (the user lost the server). */
  onCredentialInvalid?: (owner: string, serverId: number) => void;
  /** Times each request's limit (default the system clock). */
  clock?: Clock;
}

/** Refuse the standalone GET stream: the gateway does not need downstream notifications, and it would hold a socket per client. */
const fetchWithoutSse: typeof fetch = (input, init) =>
  init?.method === 'GET' ? Promise.resolve(new Response(null, { status: 405 })) : fetch(input, init);

/** One client slot per (owner, server); `owner` undefined for no-auth servers. */
interface Slot {
  readonly owner: string | undefined;
  readonly serverId: number;
  readonly entry: Promise<Entry>;
}

/** Values per (server id, owner), without building string keys; '' stands for no owner. */
class CredentialMap<V> {
  private readonly byServer = new Map<number, Map<string, V>>();
  get(owner: string | undefined, serverId: number): V | undefined {
    return this.byServer.get(serverId)?.get(owner ?? '');
  }
  set(owner: string | undefined, serverId: number, value: V): void {
    let m = this.byServer.get(serverId);
    if (!m) this.byServer.set(serverId, (m = new Map<string, V>()));
    m.set(owner ?? '', value);
  }
  delete(owner: string | undefined, serverId: number): void {
    const m = this.byServer.get(serverId);
    if (m?.delete(owner ?? '') && m.size === 0) this.byServer.delete(serverId);
  }
  values(serverId: number): V[] {
    return [...(this.byServer.get(serverId)?.values() ?? [])];
  }
}

export class DownstreamPool {
  private readonly slots = new CredentialMap<Slot>();
  /** Every slot, least recently used first (a Set keeps insertion order; a hit re-inserts). */
  private readonly lru = new Set<Slot>();
  private readonly refreshing = new CredentialMap<Promise<boolean>>();
  private readonly toolCache = new Map<number, { tools: Tool[]; at: number }>();
  private readonly maxClients: number;
  private readonly toolCacheMs: number;
  private readonly agents: RpcAgents = createAgents();
  /** Shared by every Client (the SDK builds an Ajv instance per Client otherwise). */
  private readonly jsonSchemaValidator = new AjvJsonSchemaValidator();

  constructor(private readonly opts: PoolOptions) {
    this.maxClients = opts.maxClients ?? 2_000;
    this.toolCacheMs = opts.toolCacheMs ?? 60_000;
  }

  /**
   * Calls `tool` on `server` as `owner` (user id, PROJECT_OWNER, or undefined for no-auth servers).
   * When `signal` aborts, the downstream request is aborted and cancelled, and this rejects with RequestCancelled.
   */
  async callTool(
    owner: string | undefined,
    server: ServerRecord,
    tool: string,
    args: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<CallToolResult> {
    return this.withClient(owner, server, async (e) => {
      const result = await this.rpc(e, 'tools/call', { name: tool, arguments: args }, undefined, signal);
      // Passed through as the server sent it; only the shape every client relies on is checked.
      if (!Array.isArray(result.content)) throw new McpError(ErrorCode.InternalError, 'the tool result has no content');
      return result as CallToolResult;
    });
  }

  /** The server's tools, cached per server (tool lists do not differ per user). */
  async listTools(owner: string | undefined, server: ServerRecord): Promise<Tool[]> {
    const hit = this.toolCache.get(server.id);
    if (hit && Date.now() - hit.at < this.toolCacheMs) return hit.tools;
    const tools = await this.withClient(owner, server, async (e) => {
      const all: Tool[] = [];
      let cursor: string | undefined;
      do {
        // Validated: tool lists are cached and shown to every session, and they are fetched rarely.
        const page = ListToolsResultSchema.parse(await this.rpc(e, 'tools/list', cursor ? { cursor } : undefined));
        all.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    });
    this.toolCache.set(server.id, { tools, at: Date.now() });
    return tools;
  }

  /** Checks that `owner`'s credential still works (B16); 'unreachable' leaves the credential as it is. */
  async verify(owner: string, server: ServerRecord): Promise<'ok' | 'invalid' | 'unreachable'> {
    try {
      await this.withClient(owner, server, (e) => this.rpc(e, 'ping', undefined, Math.min(this.opts.timeoutMs, 5_000)));
      return 'ok';
    } catch (err) {
      if (err instanceof DownstreamFailure && (err.reason === 'auth_failed' || err.reason === 'not_connected'))
        return 'invalid';
      return 'unreachable';
    }
  }

  /** Forgets the client of one credential, e.g. after it was replaced or deleted. */
  drop(owner: string | undefined, serverId: number): void {
    const slot = this.slots.get(owner, serverId);
    if (!slot) return;
    this.forget(slot);
    slot.entry.then((e) => closeClient(e.client)).catch(() => {});
  }

  /** Forgets every client and the tool cache of a server (removed or changed). */
  dropServer(serverId: number): void {
    for (const slot of this.slots.values(serverId)) this.drop(slot.owner, serverId);
    this.toolCache.delete(serverId);
  }

  async close(): Promise<void> {
    const all = [...this.lru];
    for (const slot of all) this.forget(slot);
    await Promise.allSettled(all.map(async (slot) => closeClient((await slot.entry).client)));
    destroyAgents(this.agents);
  }

  private rpc(
    e: Entry,
    method: string,
    params: unknown,
    timeoutMs = this.opts.timeoutMs,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>> {
    return rpcRequest(this.agents, e.target, method, params, timeoutMs, signal, this.opts.clock) as Promise<
      Record<string, unknown>
    >;
  }

  /**
   * Runs `op` on the (owner, server) client. The first attempt may retry once on a fresh client: after
   * a 404 (the downstream lost the session) or, for a credential, after a 401 and a refresh. The retry
   * is final: its 401 means the credential is gone.
   */
  private withClient<T>(owner: string | undefined, server: ServerRecord, op: (e: Entry) => Promise<T>): Promise<T> {
    return this.attempt(owner, server, op, true);
  }

  private async attempt<T>(
    owner: string | undefined,
    server: ServerRecord,
    op: (e: Entry) => Promise<T>,
    mayRetry: boolean,
  ): Promise<T> {
    let entry: Entry | undefined;
    try {
      entry = await this.entry(owner, server);
      return await op(entry);
    } catch (err) {
      // A cancelled call says nothing about the session: keep it, and tell the caller as it is.
      if (err instanceof RequestCancelled) throw err;
      if (!isTimeout(err)) this.dropIfSame(owner, server.id, entry);
      if (!mayRetry) {
        if (isStatus(err, 401)) throw new DownstreamFailure('auth_failed', 'the server refused the credential');
        throw classify(err, this.opts.timeoutMs);
      }
      if (isStatus(err, 404) && entry) return this.attempt(owner, server, op, false);
      if (!isStatus(err, 401) || owner === undefined) throw classify(err, this.opts.timeoutMs);
      const refreshed = await this.refresh(owner, server, entry?.accessToken);
      if (!refreshed) throw this.invalidate(owner, server);
      try {
        return await this.attempt(owner, server, op, false);
      } catch (again) {
        if (again instanceof DownstreamFailure && again.reason === 'auth_failed') throw this.invalidate(owner, server);
        throw again;
      }
    }
  }

  private invalidate(owner: string, server: ServerRecord): DownstreamFailure {
    this.opts.credentials.markCredentialInvalid(owner, server.id);
    this.opts.log?.(`credential of ${owner} for ${server.name} marked invalid after a failed refresh`);
    this.opts.onCredentialInvalid?.(owner, server.id);
    return new DownstreamFailure('auth_failed', 'the credential expired or was revoked');
  }

  private entry(owner: string | undefined, server: ServerRecord): Promise<Entry> {
    const hit = this.slots.get(owner, server.id);
    if (hit) {
      this.lru.delete(hit); // re-insert: the Set's order is the LRU order
      this.lru.add(hit);
      return hit.entry;
    }
    const slot: Slot = { owner, serverId: server.id, entry: this.connect(owner, server) };
    this.slots.set(owner, server.id, slot);
    this.lru.add(slot);
    slot.entry.catch(() => this.forget(slot));
    if (this.lru.size > this.maxClients) {
      const oldest = this.lru.values().next().value;
      if (oldest !== undefined && oldest !== slot) this.drop(oldest.owner, oldest.serverId);
    }
    return slot.entry;
  }

  /** Removes `slot` from the maps, unless a newer slot already took its place. */
  private forget(slot: Slot): void {
    if (this.slots.get(slot.owner, slot.serverId) === slot) this.slots.delete(slot.owner, slot.serverId);
    this.lru.delete(slot);
  }

  private async connect(owner: string | undefined, server: ServerRecord): Promise<Entry> {
    let token: string | undefined;
    if (owner !== undefined) {
      // A token minted for another resource (legacy settings) never goes to this URL.
      if (!settingsMatchServer(server.oauth, server.mcpUrl))
        throw new DownstreamFailure('not_connected', 'its OAuth settings are for another resource');
      let cred = this.opts.credentials.getCredential(owner, server.id);
      if (!cred || cred.status !== 'valid') throw new DownstreamFailure('not_connected', 'no valid credential');
      if (cred.expiresAt !== undefined && cred.expiresAt < (this.opts.clock ?? systemClock).now() + 5_000) {
        if (!(await this.refresh(owner, server, cred.accessToken))) throw this.invalidate(owner, server);
        cred = this.opts.credentials.getCredential(owner, server.id);
        if (!cred) throw new DownstreamFailure('not_connected', 'no valid credential');
      }
      token = cred.accessToken;
    }
    const transport = new StreamableHTTPClientTransport(new URL(server.mcpUrl), {
      fetch: fetchWithoutSse,
      requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : undefined,
    });
    const client = new Client(
      { name: 'navigator', version: '0.1.0' },
      { capabilities: {}, jsonSchemaValidator: this.jsonSchemaValidator },
    );
    client.onerror = () => {}; // transport noise is reported through the failing request instead
    await client.connect(transport, { timeout: this.opts.timeoutMs });
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (transport.sessionId) headers['mcp-session-id'] = transport.sessionId;
    if (transport.protocolVersion) headers['mcp-protocol-version'] = transport.protocolVersion;
    return { client, accessToken: token, target: rpcTarget(server.mcpUrl, headers) };
  }

  /** Refreshes once per credential at a time; true when a usable new access token is stored. */
  private refresh(owner: string, server: ServerRecord, failedToken: string | undefined): Promise<boolean> {
    const running = this.refreshing.get(owner, server.id);
    if (running) return running;
    const p = (async () => {
      const cred = this.opts.credentials.getCredential(owner, server.id);
      if (!cred || cred.status !== 'valid') return false;
      // Someone else already refreshed the token that failed. Unknown (the 401 came while connecting): refresh.
      if (
        failedToken !== undefined &&
        cred.accessToken !== failedToken &&
        (cred.expiresAt === undefined || cred.expiresAt > (this.opts.clock ?? systemClock).now() + 5_000)
      )
        return true;
      if (!cred.refreshToken || !server.oauth) return false;
      try {
        const tokens = await refreshTokens(
          server.oauth,
          cred.refreshToken,
          this.opts.timeoutMs,
          undefined,
          this.opts.clock,
        );
        this.opts.credentials.saveCredential(owner, server.id, tokens);
        return true;
      } catch (err) {
        if (err instanceof OAuthFlowError && err.httpStatus !== undefined && err.httpStatus < 500) return false;
        throw new DownstreamFailure(
          'unavailable',
          'its authorization server could not be reached to renew the credential',
        );
      }
    })().finally(() => this.refreshing.delete(owner, server.id));
    this.refreshing.set(owner, server.id, p);
    return p;
  }

  /** Closes the slot's client unless a newer one replaced `entry` meanwhile (undefined: whatever is there). */
  private dropIfSame(owner: string | undefined, serverId: number, entry: Entry | undefined): void {
    const slot = this.slots.get(owner, serverId);
    if (!slot) return;
    void slot.entry.then(
      (e) => {
        if (!entry || e === entry) {
          this.forget(slot);
          closeClient(e.client).catch(() => {});
        }
      },
      () => {},
    );
  }
}

/** A slow answer is not a broken session: keep the client, so the user's other calls in flight on it survive. */
function isTimeout(err: unknown): boolean {
  return err instanceof McpError && err.code === (ErrorCode.RequestTimeout as number);
}

/** Ends the downstream session (DELETE, best effort, at most 1 s) so dropped clients leave no sessions behind, then closes. */
async function closeClient(client: Client): Promise<void> {
  const transport = client.transport;
  if (transport instanceof StreamableHTTPClientTransport) {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((r) => (timer = setTimeout(r, 1_000).unref()));
    await Promise.race([transport.terminateSession().catch(() => {}), deadline]);
    clearTimeout(timer);
  }
  await client.close();
}

function isStatus(err: unknown, status: number): boolean {
  return err instanceof StreamableHTTPError && err.code === status;
}

function classify(err: unknown, timeoutMs: number): DownstreamFailure {
  if (err instanceof DownstreamFailure) return err;
  if (err instanceof McpError && err.code === (ErrorCode.RequestTimeout as number))
    return new DownstreamFailure('timeout', `it did not answer within ${timeoutMs} ms`);
  if (err instanceof McpError && err.code !== (ErrorCode.ConnectionClosed as number))
    return new DownstreamFailure('downstream_error', err.message.slice(0, 300));
  if (isStatus(err, 403)) {
    // MCP Scope Challenge Handling: a 403 insufficient_scope carries a JSON-RPC error saying which scope is missing.
    const scopeMessage = insufficientScopeMessage(err instanceof Error ? err.message : '');
    if (scopeMessage) return new DownstreamFailure('downstream_error', scopeMessage);
  }
  if (err instanceof StreamableHTTPError && err.code !== undefined && err.code > 0)
    return new DownstreamFailure('unavailable', `it answered HTTP ${err.code}`);
  return new DownstreamFailure('unavailable', 'it could not be reached');
}

/** The JSON-RPC error message of a 403 insufficient_scope answer (the HTTP error's text carries the body). */
function insufficientScopeMessage(text: string): string | undefined {
  const at = text.indexOf('{');
  if (at < 0 || !text.includes('insufficient_scope')) return undefined;
  try {
    const body = JSON.parse(text.slice(at)) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}
