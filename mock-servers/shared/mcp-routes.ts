/**
 * MCP over stateful Streamable HTTP for a mock: one StreamableHTTPServerTransport and one McpServer per
 * session, POST/GET/DELETE /mcp behind bearer auth (or a fixed `workspace` identity with auth 'none').
 * A session is bound to the account that created it; a token of another account gets 403.
 * The SDK binds a server to one transport, so the McpServer stays per session; what it would otherwise
 * build per session is shared: one JSON Schema validator (Ajv) per mock, and the tools' zod input
 * objects, built once at module load.
 */
import { randomUUID } from 'node:crypto';
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { systemClock, type Clock } from '../../server/shared/clock.js';
import { DEFAULT_BODY_LIMIT } from '../../server/shared/http.js';
import { bearerAuth, toolScopeCheck } from './bearer-auth.js';
import { downAndLatency, injectedErrors, type Faults } from './faults.js';
import { accountOf } from './tool-helpers.js';
import type { Account } from './types.js';

const SESSION_IDLE_MS = 30 * 60_000;

export interface McpRoutesConfig {
  name: string;
  version: string;
  registerTools(server: McpServer): void;
  faults: Faults;
  /** Absent = auth 'none'. */
  auth?: { verifier: OAuthTokenVerifier; resourceMetadataUrl: string };
  /** Every scope of the service: what the `workspace` identity holds with auth 'none'. */
  scopes: string[];
  /** Tool name → the scope a tools/call needs (403 insufficient_scope without it). */
  toolScopes?: Readonly<Record<string, string>>;
  log: (line: string) => void;
  /** Source of time for the idle sweep, bearer-token expiry and injected latency (default the system clock). */
  clock?: Clock;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  account: Account;
  lastSeen: number;
}

function rpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', id: null, error: { code, message } });
}

/** auth 'none': every request acts as the shared `workspace` account, holding every scope. */
function workspaceIdentity(scopes: string[]): RequestHandler {
  return (req, _res, next) => {
    req.auth = { token: '', clientId: 'anonymous', scopes, extra: { account: 'workspace' } };
    next();
  };
}

const ToolsCall = z.object({
  method: z.literal('tools/call'),
  id: z.union([z.string(), z.number()]),
  params: z.unknown(),
});
const CallParams = z.looseObject({ name: z.string().min(1), arguments: z.record(z.string(), z.unknown()).optional() });

/**
 * What the SDK would answer badly: an empty batch (202, nothing) and tools/call with malformed params
 * (-32603 with a zod dump). JSON-RPC says -32600 and -32602.
 */
function invalidMessage(
  body: unknown,
): { status: number; id: string | number | null; code: number; message: string } | undefined {
  if (Array.isArray(body) && body.length === 0)
    return { status: 400, id: null, code: -32600, message: 'Invalid Request: empty batch' };
  const call = ToolsCall.safeParse(body);
  if (!call.success || CallParams.safeParse(call.data.params).success) return undefined;
  const message =
    'Invalid params: tools/call needs params.name (a tool name) and optional params.arguments (an object)';
  return { status: 200, id: call.data.id, code: -32602, message };
}

/** Malformed JSON on /mcp is a JSON-RPC parse error, not an HTML page. */
const parseErrorHandler: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  const e = err as { type?: string };
  if (!res.headersSent && e.type === 'entity.parse.failed')
    return rpcError(res, 400, -32700, 'Parse error: malformed JSON');
  next(err);
};

export function createMcpRoutes(cfg: McpRoutesConfig): {
  router: Router;
  sessionCount: () => number;
  close: () => Promise<void>;
} {
  const sessions = new Map<string, Session>();
  // The Server's default is a new Ajv (with formats) per instance: about half of a session's cost.
  const jsonSchemaValidator = new AjvJsonSchemaValidator();

  const clock = cfg.clock ?? systemClock;
  const sweep = clock.every(60_000, () => {
    const cutoff = clock.now() - SESSION_IDLE_MS;
    for (const s of sessions.values()) if (s.lastSeen < cutoff) void s.transport.close();
  });

  const openSession = async (req: Request, res: Response, account: Account) => {
    const server = new McpServer(
      { name: cfg.name, version: cfg.version },
      { capabilities: { tools: {} }, jsonSchemaValidator },
    );
    cfg.registerTools(server);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // Plain JSON answers: no notifications are sent mid-call, and it keeps round-trips cheap.
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, account, lastSeen: clock.now() });
      },
    });
    transport.onerror = (e) => cfg.log(`mcp transport error: ${e.message}`);
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };

  const handle: RequestHandler = async (req, res) => {
    const account = accountOf({ authInfo: req.auth });
    const sessionId = req.header('mcp-session-id');
    if (sessionId === undefined) {
      if (req.method === 'POST' && isInitializeRequest(req.body)) return openSession(req, res, account);
      return rpcError(res, 400, -32000, 'Bad Request: no valid Mcp-Session-Id header; send initialize first');
    }
    const session = sessions.get(sessionId);
    if (!session) return rpcError(res, 404, -32001, 'Session not found');
    if (session.account !== account) {
      return rpcError(res, 403, -32003, 'Forbidden: this MCP session belongs to another account');
    }
    session.lastSeen = clock.now();
    const invalid = req.method === 'POST' ? invalidMessage(req.body) : undefined;
    if (invalid) {
      res
        .status(invalid.status)
        .json({ jsonrpc: '2.0', id: invalid.id, error: { code: invalid.code, message: invalid.message } });
      return;
    }
    await session.transport.handleRequest(req, res, req.body);
  };

  const auth: RequestHandler = cfg.auth
    ? bearerAuth({
        verifier: cfg.auth.verifier,
        resourceMetadataUrl: cfg.auth.resourceMetadataUrl,
        scopes: cfg.scopes,
        clock,
      })
    : workspaceIdentity(cfg.scopes);
  const scopeCheck: RequestHandler =
    cfg.auth && cfg.toolScopes
      ? toolScopeCheck(cfg.toolScopes, cfg.auth.resourceMetadataUrl)
      : (_req, _res, next) => next();

  const router = express.Router();
  const pre = [downAndLatency(cfg.faults, clock), auth];
  router.post(
    '/mcp',
    ...pre,
    express.json({ limit: DEFAULT_BODY_LIMIT }),
    scopeCheck,
    injectedErrors(cfg.faults),
    handle,
  );
  router.get('/mcp', ...pre, handle);
  router.delete('/mcp', ...pre, handle);
  router.all('/mcp', (_req, res) => rpcError(res, 405, -32000, 'Method not allowed'));
  router.use('/mcp', parseErrorHandler);

  return {
    router,
    sessionCount: () => sessions.size,
    close: async () => {
      sweep.cancel();
      await Promise.all([...sessions.values()].map((s) => s.transport.close()));
      sessions.clear();
    },
  };
}
