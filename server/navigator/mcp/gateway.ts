/**
 * The MCP endpoint `POST/GET/DELETE /mcp/:instanceId` (Streamable HTTP, stateful). Checks the
 * instance key and the end user, binds each session to both, and answers tools/list and tools/call
 * through SessionTools. Sessions end on DELETE or after `idleMs` without requests.
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, isInitializeRequest, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import { NAVIGATOR_USER_HEADER, UserId } from '../../shared/contracts.js';
import { DEFAULT_BODY_LIMIT } from '../../shared/http.js';
import { matchesHash, safeEqual } from '../crypto.js';
import { answer, fastRequest } from './fast-path.js';
import type { NavigatorService } from '../service.js';
import type { InstanceRecord } from '../store/store.js';
import { SessionTools } from './tools.js';
import type { ToolSession } from './tools.js';

interface Session extends ToolSession {
  transport: StreamableHTTPServerTransport;
  server: Server;
  apiKey: string;
  lastSeen: number;
}

export interface GatewayOptions {
  nav: NavigatorService;
  idleMs: number;
  log: (line: string) => void;
}

export interface Gateway {
  router: Router;
  sessionCount(): number;
  close(): Promise<void>;
}

function rpcError(res: Response, status: number, code: number, message: string): void {
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="navigator"');
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

function bearer(req: Request): string | undefined {
  const h = req.headers.authorization;
  return h && /^Bearer /i.test(h) ? h.slice(7).trim() : undefined;
}

export function createGateway(opts: GatewayOptions): Gateway {
  const { nav, log } = opts;
  const tools = new SessionTools(nav, log);
  const sessions = new Map<string, Session>();

  const unsubscribe = nav.onInstanceChange((instanceId) => {
    for (const s of sessions.values()) {
      if (s.instanceId === instanceId) s.server.sendToolListChanged().catch(() => {});
    }
  });

  function openSession(instance: InstanceRecord, userId: string, apiKey: string): Session {
    const server = new Server({ name: 'navigator', version: '0.1.0' }, { capabilities: { tools: { listChanged: true } } });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (id) => void sessions.set(id, session),
      onsessionclosed: (id) => void sessions.delete(id),
    });
    const session: Session = {
      instanceId: instance.id,
      projectId: instance.projectId,
      userId,
      startServers: nav.usableServers(userId, instance.projectId).map((s) => ({ name: s.name, displayName: s.displayName })),
      transport,
      server,
      apiKey,
      lastSeen: Date.now(),
    };
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: await tools.list(session) }));
    server.setRequestHandler(CallToolRequestSchema, (req) => tools.call(session, req.params.name, req.params.arguments));
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    server.onerror = (err) => log(`mcp session error: ${err.message}`);
    return session;
  }

  async function handle(req: Request, res: Response): Promise<void> {
    const instanceId = String(req.params.instanceId);
    const instance = nav.store.getInstance(instanceId);
    const key = bearer(req);
    if (!instance) return rpcError(res, 404, -32001, `No navigator instance '${instanceId}'`);
    if (!key || !matchesHash(key, instance.apiKeyHash)) return rpcError(res, 401, -32001, 'Missing or wrong instance API key (Authorization: Bearer <key>)');
    const rawUser = req.headers[NAVIGATOR_USER_HEADER];
    const parsedUser = UserId.safeParse(typeof rawUser === 'string' ? rawUser : '');
    if (!parsedUser.success) return rpcError(res, 400, -32602, `Send the end user's id in the ${NAVIGATOR_USER_HEADER} header`);
    const userId = parsedUser.data;

    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (!session) return rpcError(res, 404, -32001, 'Session not found; start a new one with initialize');
      if (session.instanceId !== instanceId || session.userId !== userId || !safeEqual(session.apiKey, key)) {
        return rpcError(res, 403, -32001, 'This session belongs to another user or instance');
      }
      session.lastSeen = Date.now();
      const fast = req.method === 'POST' ? fastRequest(req.headers, req.body) : undefined;
      if (fast?.method === 'tools/call') return answer(res, sessionId, fast.id, () => tools.call(session, fast.name, fast.args));
      if (fast?.method === 'tools/list') return answer(res, sessionId, fast.id, async () => ({ tools: await tools.list(session) }));
      await session.transport.handleRequest(req, res, req.body);
      return;
    }
    // Users are checked when a session starts; later requests must name the session's own user.
    if (!nav.store.getUser(userId)) return rpcError(res, 403, -32001, `Unknown user '${userId}'`);
    if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
      return rpcError(res, 400, -32600, 'No session: send an initialize request first (without mcp-session-id)');
    }
    const session = openSession(instance, userId, key);
    await session.server.connect(session.transport);
    await session.transport.handleRequest(req, res, req.body);
  }

  const router = express.Router();
  router.use('/mcp/:instanceId', express.json({ limit: DEFAULT_BODY_LIMIT }));
  router.all('/mcp/:instanceId', (req, res, next) => {
    if (!['POST', 'GET', 'DELETE'].includes(req.method)) return rpcError(res, 405, -32000, 'Method not allowed');
    handle(req, res).catch(next);
  });
  router.use('/mcp', ((err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.parse.failed') return rpcError(res, 400, -32700, 'Parse error: the body is not valid JSON');
    if (e.type === 'entity.too.large') return rpcError(res, 413, -32600, 'Request body is larger than the limit');
    // Other body-parser refusals (unsupported charset or encoding, ...) are the client's fault too.
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return rpcError(res, e.status, -32600, `Bad request: ${err instanceof Error ? err.message.slice(0, 200) : 'unreadable body'}`);
    log(`mcp endpoint error: ${err instanceof Error ? err.message : 'error'}`);
    return rpcError(res, 500, -32603, 'Internal error');
  }) as express.ErrorRequestHandler);

  const reaper = setInterval(() => {
    const cutoff = Date.now() - opts.idleMs;
    for (const s of sessions.values()) {
      if (s.lastSeen < cutoff) void s.transport.close().catch(() => {});
    }
  }, Math.max(1_000, Math.min(60_000, Math.floor(opts.idleMs / 4))));
  reaper.unref();

  return {
    router,
    sessionCount: () => sessions.size,
    close: async () => {
      clearInterval(reaper);
      unsubscribe();
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(all.map((s) => s.transport.close()));
    },
  };
}
