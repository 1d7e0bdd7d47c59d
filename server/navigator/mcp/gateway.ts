/**
 * The MCP endpoint `POST/GET/DELETE /mcp/:instanceId` (Streamable HTTP, stateful). Checks the
 * instance key and the end user, binds each session to both, caps sessions per key and per user,
 * and answers tools/list and tools/call through SessionTools on two lanes, both cancellable: the
 * lane (lane.ts, before Express, for established sessions) and the SDK transport (this router).
 * Sends `notifications/elicitation/complete` and, with the live tool list on,
 * `notifications/tools/list_changed` when the user's credentials change. Sessions end on DELETE or
 * after `idleMs` without requests.
 */
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { CallToolRequestSchema, isInitializeRequest, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../../shared/clock.js';
import { NAVIGATOR_USER_HEADER, UserId } from '../../shared/contracts.js';
import { DEFAULT_BODY_LIMIT } from '../../shared/http.js';
import { sameBytes } from '../../shared/secrets.js';
import type { Elicitations } from './elicitations.js';
import { cancelledIds, sdkLane } from './cancel.js';
import { emptyBatchRefusal, initializeRefusal, paramsRefusal, sendRefusal, sendRpcError } from './errors.js';
import { bearer, keyHashOf } from './instance-key.js';
import { createLane } from './lane.js';
import type { Lane, LaneSession } from './lane.js';
import type { NavigatorService } from '../service.js';
import type { InstanceRecord } from '../store/store.js';
import { capRefusal, DEFAULT_SESSION_CAPS } from './session-caps.js';
import { watchSessionEvents } from './session-events.js';
import { SessionTools } from './tools.js';
import type { ToolSession } from './tools.js';

/** keyHash: sha256 of the instance key the session was opened with (the key itself is not kept). */
interface Session extends ToolSession, LaneSession {
  transport: StreamableHTTPServerTransport;
  server: Server;
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
  /** The host guard's verdict on a POST's Host and Origin (the lane runs before Express's guard). */
  hostAllowed: (host: string | undefined, origin: string | undefined) => boolean;
  /** Headers every answer of the app carries (security headers), as a flat list, for the lane's answers. */
  responseHeaders: readonly string[];
  /** Time for the idle sweep (default the system clock; tests pass a manual one). */
  clock?: Clock;
}

export interface Gateway {
  /** The SDK lane: every request the lane leaves to Express. */
  router: Router;
  /** The lane (lane.ts), to put in front of the app: `lane(req, res) || app(req, res)`. */
  lane: Lane;
  sessionCount(): number;
  close(): Promise<void>;
}

function rpcError(res: ServerResponse, status: number, code: number, message: string): void {
  sendRpcError(res, status, { code, message });
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

  /** Ends the lane requests a `notifications/cancelled` names (the SDK lane is cancelled by the SDK's own handler). */
  function cancelLane(session: Session, body: unknown): void {
    for (const id of cancelledIds(body)) session.inflight.get(id)?.cancel();
  }

  /** The SDK lane for a POST on an established, checked session whose body was read (by express.json or the lane). */
  async function sdkPost(session: Session, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const empty = emptyBatchRefusal(body);
    if (empty) return sendRefusal(res, empty);
    cancelLane(session, body);
    const bad = paramsRefusal(body);
    if (bad) return sendRefusal(res, bad, session.sessionId);
    await session.transport.handleRequest(req, res, body);
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
    if (empty) return sendRefusal(res, empty);
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
      if (req.method === 'POST') return sdkPost(session, req, res, req.body);
      await session.transport.handleRequest(req, res, req.body);
      return;
    }
    // Users are checked when a session starts; later requests must name the session's own user.
    if (!nav.user(userId)) return rpcError(res, 403, -32001, `Unknown user '${userId}'`);
    if (req.method === 'POST') {
      const bad = initializeRefusal(req.body);
      if (bad) return sendRefusal(res, bad);
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
    jsonBody(req, res, (err?: unknown) => {
      if (err) return fail(err);
      handle(req, res, instanceId).catch(fail);
    });
  });
  function endpointError(err: unknown, res: Response, next: NextFunction): void {
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

  const lane = createLane<Session>({
    session: (id) => sessions.get(id),
    instanceKeyHash: (id) => nav.instance(id)?.apiKeyHash,
    hostAllowed: opts.hostAllowed,
    headers: opts.responseHeaders,
    limit: BODY_LIMIT_BYTES,
    call: (session, name, args, signal) => tools.call(session, name, args, signal),
    list: async (session) => ({ tools: await tools.list(session) }),
    sdk: sdkPost,
    log,
    now: () => clock.now(),
  });

  return {
    router,
    lane,
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
