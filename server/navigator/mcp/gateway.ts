/**
 * The MCP endpoint `POST/GET/DELETE /mcp/:instanceId` (Streamable HTTP, stateful). Checks the
 * instance key and the end user, binds each session to both, caps sessions per key and per user,
 * and answers tools/list and tools/call through SessionTools on two lanes (fast path and SDK
 * transport), both cancellable. Sends `notifications/elicitation/complete` and, with the live tool
 * list on, `notifications/tools/list_changed` when the user's credentials change. Sessions end on
 * DELETE or after `idleMs` without requests.
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { CallToolRequestSchema, isInitializeRequest, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { hash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../../shared/clock.js';
import { NAVIGATOR_USER_HEADER, UserId } from '../../shared/contracts.js';
import { DEFAULT_BODY_LIMIT } from '../../shared/http.js';
import { sameBytes } from '../../shared/secrets.js';
import { isPlainJson, readJsonBody } from './body.js';
import type { BodyResult } from './body.js';
import type { Elicitations } from './elicitations.js';
import { cancelledIds, sdkLane } from './cancel.js';
import { emptyBatchRefusal, errorPayload, initializeRefusal, paramsRefusal } from './errors.js';
import type { Refusal } from './errors.js';
import { answer, fastRequest } from './fast-path.js';
import type { InFlight } from './fast-path.js';
import type { NavigatorService } from '../service.js';
import type { InstanceRecord } from '../store/store.js';
import { capRefusal, DEFAULT_SESSION_CAPS } from './session-caps.js';
import { watchSessionEvents } from './session-events.js';
import { SessionTools } from './tools.js';
import type { ToolSession } from './tools.js';

interface Session extends ToolSession {
  transport: StreamableHTTPServerTransport;
  server: Server;
  /** sha256 of the instance key the session was opened with (the key itself is not kept). */
  keyHash: Buffer;
  lastSeen: number;
  /** `/mcp/{instanceId}` when the id needs no URL encoding, else '' (such requests take the router). */
  path: string;
  /** Fast-lane requests in flight, by JSON-RPC id. */
  inflight: Map<string | number, InFlight>;
}

export interface GatewayOptions {
  nav: NavigatorService;
  idleMs: number;
  log: (line: string) => void;
  /** Pending URL-mode elicitations, shared with the guided flow; without it, no elicitations. */
  elicitations?: Elicitations;
  /** Open sessions allowed per instance key (default 1500) and per user (default 400). */
  maxSessionsPerKey?: number;
  maxSessionsPerUser?: number;
  /** Time for the idle sweep (default the system clock; tests pass a manual one). */
  clock?: Clock;
}

export interface Gateway {
  router: Router;
  /**
   * Serves a proxied call on an established session straight from Node's request, before Express
   * (its per-request set-up and routing cost about as much as the call's own work). Calls `next`
   * for anything else, also after reading the body, which the router then takes as read.
   * The caller has already checked Host and Origin.
   */
  front(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  sessionCount(): number;
  close(): Promise<void>;
}

function rpcError(res: Response, status: number, code: number, message: string): void {
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="navigator"');
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

function refuse(res: Response, r: Refusal, sessionId?: string): void {
  if (sessionId !== undefined) res.setHeader('mcp-session-id', sessionId);
  res.status(r.status).type('application/json').send(errorPayload(r.id, r.error));
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h && /^Bearer /i.test(h) ? h.slice(7).trim() : undefined;
}

/** sha256 of an instance key in one call (the same digest as crypto.ts's sha256, without a Hash object per request). */
function keyHashOf(key: string): Buffer {
  return hash('sha256', key, 'buffer');
}

const METHODS = new Set(['POST', 'GET', 'DELETE']);
/** A body-parser size such as '1mb' in bytes (1 MB when unreadable). */
function limitBytes(limit: string): number {
  const m = /^(\d+)(b|kb|mb)$/.exec(limit.toLowerCase());
  return m ? Number(m[1]) * 1024 ** ['b', 'kb', 'mb'].indexOf(m[2] ?? 'b') : 1024 * 1024;
}
const BODY_LIMIT_BYTES = limitBytes(DEFAULT_BODY_LIMIT);

/** The raw `{id}` of a path `/{id}` below the `/mcp` mount (a trailing slash allowed); else undefined. */
function instanceIdOf(path: string): string | undefined {
  const rest = path.endsWith('/') ? path.slice(1, -1) : path.slice(1);
  return rest.length > 0 && !rest.includes('/') ? rest : undefined;
}

export function createGateway(opts: GatewayOptions): Gateway {
  const { nav, log, elicitations } = opts;
  const clock = opts.clock ?? systemClock;
  const caps = {
    perKey: opts.maxSessionsPerKey ?? DEFAULT_SESSION_CAPS.perKey,
    perUser: opts.maxSessionsPerUser ?? DEFAULT_SESSION_CAPS.perUser,
  };
  const tools = new SessionTools(nav, log, elicitations);
  /** Initialized sessions by id. */
  const sessions = new Map<string, Session>();
  /** Every session from its initialize on (also while initializing): what the caps count. */
  const open = new Set<Session>();
  // One validator for every session: the SDK builds an Ajv instance per Server otherwise (~19 KB and ~0.4 ms each).
  const jsonSchemaValidator = new AjvJsonSchemaValidator();
  const unwatch = watchSessionEvents({
    nav,
    tools,
    elicitations,
    sessions: () => sessions.values(),
    session: (id) => sessions.get(id),
  });

  function forget(session: Session): void {
    open.delete(session);
    const id = session.sessionId;
    if (id === undefined) return;
    if (sessions.get(id) === session) sessions.delete(id);
    elicitations?.dropSession(id);
  }

  /** Ends the fast-lane requests a `notifications/cancelled` names (the SDK lane is cancelled by the SDK's own handler). */
  function cancelFast(session: Session, body: unknown): void {
    for (const id of cancelledIds(body)) session.inflight.get(id)?.cancel();
  }

  function openSession(instance: InstanceRecord, userId: string, keyHash: Buffer): Session {
    const server = new Server(
      { name: 'navigator', version: '0.1.0' },
      { capabilities: { tools: { listChanged: true } }, jsonSchemaValidator },
    );
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        session.sessionId = id;
        sessions.set(id, session);
      },
      onsessionclosed: () => forget(session),
    });
    const session: Session = {
      instanceId: instance.id,
      projectId: instance.projectId,
      userId,
      startServers: nav
        .usableServers(userId, instance.projectId)
        .map((s) => ({ name: s.name, displayName: s.displayName })),
      transport,
      server,
      keyHash,
      lastSeen: clock.now(),
      path: encodeURIComponent(instance.id) === instance.id ? `/mcp/${instance.id}` : '',
      inflight: new Map(),
      urlElicitation: () => server.getClientCapabilities()?.elicitation?.url !== undefined,
    };
    open.add(session);
    server.setRequestHandler(ListToolsRequestSchema, (_req, extra) =>
      sdkLane(transport, extra, async () => ({ tools: await tools.list(session) }), log),
    );
    server.setRequestHandler(CallToolRequestSchema, (req, extra) =>
      sdkLane(transport, extra, (signal) => tools.call(session, req.params.name, req.params.arguments, signal), log),
    );
    transport.onclose = () => forget(session);
    server.onerror = (err) => log(`mcp session error: ${err.message}`);
    return session;
  }

  async function handle(req: Request, res: Response, instanceId: string): Promise<void> {
    const instance = nav.instance(instanceId);
    const key = bearer(req);
    // One hash per request, compared with the instance's and then with the session's.
    const keyHash = key ? keyHashOf(key) : undefined;
    // An unknown instance answers like a wrong key: nothing tells whether an instance exists before the key is right.
    if (!instance || !keyHash || !sameBytes(keyHash, instance.apiKeyHash))
      return rpcError(res, 401, -32001, 'Missing or wrong instance API key (Authorization: Bearer <key>)');
    const empty = emptyBatchRefusal(req.body);
    if (empty) return refuse(res, empty);
    const sessionId = req.headers['mcp-session-id'];
    const session = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    const rawUser = req.headers[NAVIGATOR_USER_HEADER];
    // The session's user passed the same check when the session began.
    const userId =
      session && rawUser === session.userId
        ? session.userId
        : UserId.safeParse(typeof rawUser === 'string' ? rawUser : '').data;
    if (userId === undefined)
      return rpcError(res, 400, -32602, `Send the end user's id in the ${NAVIGATOR_USER_HEADER} header`);

    if (typeof sessionId === 'string') {
      if (!session) return rpcError(res, 404, -32001, 'Session not found; start a new one with initialize');
      if (session.instanceId !== instanceId || session.userId !== userId || !sameBytes(session.keyHash, keyHash)) {
        return rpcError(res, 403, -32001, 'This session belongs to another user or instance');
      }
      session.lastSeen = clock.now();
      if (req.method === 'POST') {
        const fast = fastRequest(req.headers, req.body);
        if (fast?.method === 'tools/call')
          return answer(
            res,
            sessionId,
            fast.id,
            (signal) => tools.call(session, fast.name, fast.args, signal),
            session.inflight,
          );
        if (fast?.method === 'tools/list')
          return answer(res, sessionId, fast.id, async () => ({ tools: await tools.list(session) }), session.inflight);
        cancelFast(session, req.body);
        const bad = paramsRefusal(req.body);
        if (bad) return refuse(res, bad, sessionId);
      }
      await session.transport.handleRequest(req, res, req.body);
      return;
    }
    // Users are checked when a session starts; later requests must name the session's own user.
    if (!nav.user(userId)) return rpcError(res, 403, -32001, `Unknown user '${userId}'`);
    if (req.method === 'POST') {
      const bad = initializeRefusal(req.body);
      if (bad) return refuse(res, bad);
    }
    if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
      return rpcError(res, 400, -32600, 'No session: send an initialize request first (without mcp-session-id)');
    }
    const tooMany = capRefusal(open, keyHash, userId, caps);
    if (tooMany) return rpcError(res, 429, -32000, tooMany);
    const opened = openSession(instance, userId, keyHash);
    try {
      await opened.server.connect(opened.transport);
      await opened.transport.handleRequest(req, res, req.body);
    } finally {
      // A failed initialize leaves no session behind to count against the caps.
      if (opened.transport.sessionId === undefined) {
        forget(opened);
        void opened.server.close().catch(() => {});
      }
    }
  }

  /** Bodies the front lane read before handing the request on. */
  const preRead = new WeakMap<IncomingMessage, BodyResult>();
  function withBody(req: Request, res: Response, instanceId: string, r: BodyResult): Promise<void> {
    if (!r.ok) {
      rpcError(res, r.status, r.parseError ? -32700 : -32600, r.message);
      return Promise.resolve();
    }
    req.body = r.body;
    return handle(req, res, instanceId);
  }

  function front(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const sessionId = req.headers['mcp-session-id'];
    const url = req.url;
    if (typeof sessionId !== 'string' || url === undefined || !url.startsWith('/mcp/') || !isPlainJson(req))
      return next();
    const session = sessions.get(sessionId);
    // Only the session's own plain path; encoded ids, queries and other spellings take the router.
    if (!session || (url !== session.path && url !== `${session.path}/`)) return next();
    const instance = nav.instance(session.instanceId);
    const key = bearer(req);
    if (!instance || key === undefined || req.headers[NAVIGATOR_USER_HEADER] !== session.userId) return next();
    const keyHash = keyHashOf(key);
    if (!sameBytes(keyHash, instance.apiKeyHash) || !sameBytes(keyHash, session.keyHash)) return next();
    readJsonBody(req, BODY_LIMIT_BYTES)
      .then((r) => {
        const fast = r.ok ? fastRequest(req.headers, r.body) : undefined;
        if (!fast) {
          preRead.set(req, r);
          return next();
        }
        session.lastSeen = clock.now();
        if (fast.method === 'tools/call')
          return answer(
            res,
            sessionId,
            fast.id,
            (signal) => tools.call(session, fast.name, fast.args, signal),
            session.inflight,
          );
        return answer(res, sessionId, fast.id, async () => ({ tools: await tools.list(session) }), session.inflight);
      })
      .catch((err: unknown) => {
        log(`mcp endpoint error: ${err instanceof Error ? err.message : 'error'}`);
        if (!res.headersSent)
          res
            .writeHead(500, { 'content-type': 'application/json' })
            .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }));
        else res.destroy();
      });
  }

  const jsonBody = express.json({ limit: DEFAULT_BODY_LIMIT });
  const router = express.Router();
  // One middleware for the whole endpoint: route matching with path parameters costs more than a proxied call's own work.
  // Mounted on a path so other requests leave this router synchronously, as before.
  router.use('/mcp', (req, res, next) => {
    const rawId = instanceIdOf(req.path);
    if (rawId === undefined) return next();
    const fail = (err: unknown) => endpointError(err, res, next);
    let instanceId: string;
    try {
      instanceId = decodeURIComponent(rawId);
    } catch {
      return rpcError(res, 400, -32600, 'Bad request: the instance id in the path is not valid URL encoding');
    }
    if (!METHODS.has(req.method)) {
      res.setHeader('Allow', 'GET, POST, DELETE');
      return rpcError(res, 405, -32000, `Method not allowed: use POST, GET or DELETE`);
    }
    const pre = preRead.get(req);
    if (pre) {
      preRead.delete(req);
      withBody(req, res, instanceId, pre).catch(fail);
      return;
    }
    if (isPlainJson(req)) {
      readJsonBody(req, BODY_LIMIT_BYTES)
        .then((r) => withBody(req, res, instanceId, r))
        .catch(fail);
      return;
    }
    jsonBody(req, res, (err?: unknown) => {
      if (err) return fail(err);
      handle(req, res, instanceId).catch(fail);
    });
  });
  function endpointError(err: unknown, res: Response, next: (err: unknown) => void): void {
    if (res.headersSent) return next(err);
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.parse.failed') return rpcError(res, 400, -32700, 'Parse error: the body is not valid JSON');
    if (e.type === 'entity.too.large') return rpcError(res, 413, -32600, 'Request body is larger than the limit');
    // Other body-parser refusals (unsupported charset or encoding, ...) are the client's fault too.
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
      return rpcError(
        res,
        e.status,
        -32600,
        `Bad request: ${err instanceof Error ? err.message.slice(0, 200) : 'unreadable body'}`,
      );
    log(`mcp endpoint error: ${err instanceof Error ? err.message : 'error'}`);
    return rpcError(res, 500, -32603, 'Internal error');
  }

  const reaper = clock.every(Math.max(1_000, Math.min(60_000, Math.floor(opts.idleMs / 4))), () => {
    const cutoff = clock.now() - opts.idleMs;
    for (const s of sessions.values()) {
      if (s.lastSeen < cutoff) void s.transport.close().catch(() => {});
    }
  });

  return {
    router,
    front,
    sessionCount: () => sessions.size,
    close: async () => {
      reaper.cancel();
      unwatch();
      const all = [...open];
      sessions.clear();
      open.clear();
      await Promise.allSettled(all.map((s) => s.transport.close()));
    },
  };
}
