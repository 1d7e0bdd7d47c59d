/**
 * The lane: the navigator's hot path, served straight from Node's request before Express (whose
 * per-request set-up and routing cost about as much CPU as a proxied call's own work). Composed with
 * the Express app the documented way, `http.createServer((req, res) => lane(req, res) || app(req, res))`
 * (server/shared/http.ts `listen`, option `front`).
 *
 * It takes a POST only when its headers alone show the gateway would pass it on to an established
 * session: the session's own plain path, Host and Origin allowed, the session's instance key and
 * user, a plain JSON body. Everything else returns false at once, unread, and Express answers it.
 * A taken request's body is read once (body.ts); a single tools/call or tools/list the SDK transport
 * would hand to the navigator's handler unchanged (lane-request.ts) is answered here (lane-answer.ts),
 * anything else on the session goes to the SDK transport with the body already read (`sdk`).
 * Differences to the SDK lane: docs/ARCHITECTURE.md (MCP endpoint) and lane-differential.test.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NAVIGATOR_USER_HEADER } from '../../shared/contracts.js';
import { sameBytes } from '../../shared/secrets.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { isPlainJson, readJsonBody } from './body.js';
import { bearer, keyHashOf } from './instance-key.js';
import { answer } from './lane-answer.js';
import type { InFlight } from './lane-answer.js';
import { laneRequest } from './lane-request.js';
import { sendRpcError } from './errors.js';
import type { RequestId } from './errors.js';

/** Answers the request and returns true, or returns false having touched nothing. */
export type Lane = (req: IncomingMessage, res: ServerResponse) => boolean;

/** What the lane needs of an established session. */
export interface LaneSession {
  sessionId?: string;
  instanceId: string;
  userId: string;
  /** sha256 of the instance key the session was opened with. */
  keyHash: Buffer;
  /** `/mcp/{instanceId}` when the id needs no URL encoding, else '' (such requests stay with Express). */
  path: string;
  lastSeen: number;
  /** Lane requests in flight, by JSON-RPC id. */
  inflight: Map<RequestId, InFlight>;
}

export interface LaneOptions<S extends LaneSession> {
  /** The initialized session with this id. */
  session(id: string): S | undefined;
  /** sha256 of the instance's current key; undefined when the instance is gone. */
  instanceKeyHash(instanceId: string): Buffer | undefined;
  /** The host guard's verdict on a POST's Host and Origin. */
  hostAllowed(host: string | undefined, origin: string | undefined): boolean;
  /** Headers every answer of the app carries (security headers), as a flat name/value list. */
  headers: readonly string[];
  /** The body size limit in bytes (the app's express.json limit). */
  limit: number;
  call(session: S, name: string, args: Record<string, unknown> | undefined, signal: AbortSignal): Promise<unknown>;
  list(session: S): Promise<unknown>;
  /** The SDK lane for a POST on `session` whose body was read (gateway.ts). */
  sdk(session: S, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void>;
  log(line: string): void;
  /** The time a session was last seen (the gateway's clock, which its idle sweep reads). */
  now(): number;
}

/** The session a request's headers show the gateway would serve it on, else undefined. */
function sessionOf<S extends LaneSession>(req: IncomingMessage, o: LaneOptions<S>): S | undefined {
  if (req.method !== 'POST') return undefined;
  const h = req.headers;
  const sessionId = h['mcp-session-id'];
  if (typeof sessionId !== 'string') return undefined;
  const session = o.session(sessionId);
  // Only the session's own plain path; encoded ids, queries and other spellings take the router.
  if (!session || (req.url !== session.path && req.url !== `${session.path}/`) || session.path === '') return undefined;
  if (!isPlainJson(req) || h[NAVIGATOR_USER_HEADER] !== session.userId || !o.hostAllowed(h.host, h.origin))
    return undefined;
  const key = bearer(req);
  const current = o.instanceKeyHash(session.instanceId);
  if (key === undefined || current === undefined) return undefined;
  const keyHash = keyHashOf(key);
  return sameBytes(keyHash, current) && sameBytes(keyHash, session.keyHash) ? session : undefined;
}

/** The app's own headers on an answer written here rather than through Express. */
function setAll(res: ServerResponse, headers: readonly string[]): void {
  for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(headers[i] as string, headers[i + 1] as string);
}

/**
 * Of the app's headers, the lane's own 200 answers carry only `X-Content-Type-Options` (the one that
 * concerns a JSON answer; CSP and frame options concern documents): Node validates every header of
 * every answer, and nine more cost a few µs on each proxied call. Refusals and the answers of the SDK
 * transport the lane hands over to carry them all, as Express's answers do.
 */
function answerHeadersOf(headers: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < headers.length; i += 2)
    if (headers[i]?.toLowerCase() === 'x-content-type-options')
      kept.push(headers[i] as string, headers[i + 1] as string);
  return kept;
}

export function createLane<S extends LaneSession>(o: LaneOptions<S>): Lane {
  const answerHeaders = answerHeadersOf(o.headers);
  async function serve(session: S, sessionId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const r = await readJsonBody(req, o.limit);
    if (!r.ok) {
      setAll(res, o.headers);
      const code = r.parseError ? ErrorCode.ParseError : ErrorCode.InvalidRequest;
      return sendRpcError(res, r.status, { code, message: r.message });
    }
    session.lastSeen = o.now();
    const q = laneRequest(req.headers, r.body);
    const target = { res, sessionId, headers: answerHeaders, inflight: session.inflight };
    if (q?.method === 'tools/call')
      return answer(target, q.id, (signal) => o.call(session, q.name, q.args, signal), true);
    if (q?.method === 'tools/list') return answer(target, q.id, () => o.list(session), false);
    setAll(res, o.headers);
    return o.sdk(session, req, res, r.body);
  }

  return (req, res) => {
    const session = sessionOf(req, o);
    const sessionId = session?.sessionId;
    if (!session || sessionId === undefined) return false;
    serve(session, sessionId, req, res).catch((err: unknown) => {
      o.log(`mcp endpoint error: ${err instanceof Error ? err.message : 'error'}`);
      if (!res.headersSent) sendRpcError(res, 500, { code: ErrorCode.InternalError, message: 'Internal error' });
      else res.destroy();
    });
    return true;
  };
}
