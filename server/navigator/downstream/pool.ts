/**
 * Downstream MCP calls as the gateway makes them: call a tool, list tools (cached per server), verify
 * a credential (B16), and forget clients when credentials or servers change. The parts:
 * client-cache.ts (one reused session per (owner, server)), client-session.ts (opening and ending a
 * session), rpc.ts (the lean caller on an open session), retry.ts (the one retry path),
 * credentials.ts (the token sent, its refresh and invalidation), failure.ts (typed failures the
 * gateway reports as tool errors).
 */
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ServerRecord } from '../store/store.js';
import type { Clock } from '../../shared/clock.js';
import { ClientCache } from './client-cache.js';
import { openSession } from './client-session.js';
import type { Entry } from './client-session.js';
import { DownstreamCredentials } from './credentials.js';
import type { PoolCredentials } from './credentials.js';
import { DownstreamFailure } from './failure.js';
import { withClient } from './retry.js';
import type { RetryDeps } from './retry.js';
import { createAgents, destroyAgents, rpcRequest } from './rpc.js';
import type { RpcAgents } from './rpc.js';

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

export class DownstreamPool {
  private readonly toolCache = new Map<number, { tools: Tool[]; at: number }>();
  private readonly toolCacheMs: number;
  private readonly agents: RpcAgents = createAgents();
  /** Shared by every Client (the SDK builds an Ajv instance per Client otherwise). */
  private readonly jsonSchemaValidator = new AjvJsonSchemaValidator();
  private readonly credentials: DownstreamCredentials;
  private readonly clients: ClientCache;
  private readonly retry: RetryDeps;

  constructor(private readonly opts: PoolOptions) {
    this.toolCacheMs = opts.toolCacheMs ?? 60_000;
    this.credentials = new DownstreamCredentials(opts);
    this.clients = new ClientCache(async (owner, server) => {
      const token = owner === undefined ? undefined : await this.credentials.accessToken(owner, server);
      return openSession(server.mcpUrl, token, opts.timeoutMs, this.jsonSchemaValidator);
    }, opts.maxClients ?? 2_000);
    this.retry = { clients: this.clients, credentials: this.credentials, timeoutMs: opts.timeoutMs };
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
    return withClient(this.retry, owner, server, async (e) => {
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
    const tools = await withClient(this.retry, owner, server, async (e) => {
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
      await withClient(this.retry, owner, server, (e) =>
        this.rpc(e, 'ping', undefined, Math.min(this.opts.timeoutMs, 5_000)),
      );
      return 'ok';
    } catch (err) {
      if (err instanceof DownstreamFailure && (err.reason === 'auth_failed' || err.reason === 'not_connected'))
        return 'invalid';
      return 'unreachable';
    }
  }

  /** Forgets the client of one credential, e.g. after it was replaced or deleted. */
  drop(owner: string | undefined, serverId: number): void {
    this.clients.drop(owner, serverId);
  }

  /** Forgets every client and the tool cache of a server (removed or changed). */
  dropServer(serverId: number): void {
    this.clients.dropServer(serverId);
    this.toolCache.delete(serverId);
  }

  async close(): Promise<void> {
    await this.clients.closeAll();
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
}
