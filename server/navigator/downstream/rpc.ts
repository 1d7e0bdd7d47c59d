/**
 * A lean JSON-RPC caller for an already initialized downstream MCP session: one POST over a keep-alive
 * agent with the session's headers, the answer (JSON or SSE) parsed once and passed through without
 * schema validation. The SDK Client costs about 1 ms of CPU per call (fetch, per-call abort listeners,
 * zod on every message); this costs a fraction. Failures use the SDK's error types
 * (StreamableHTTPError for HTTP statuses, McpError for JSON-RPC errors and timeouts) so the pool
 * treats both paths alike.
 */
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { rememberRawJson, resultText } from './raw-json.js';
import { readSse } from './sse.js';

/** Bigger answers are refused rather than buffered without bound. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Idle keep-alive sockets are closed before the usual 5 s server-side timeout can race a reuse. */
const FREE_SOCKET_MS = 4_000;

export interface RpcAgents {
  http: http.Agent;
  https: https.Agent;
}

export function createAgents(): RpcAgents {
  const opts = {
    keepAlive: true,
    maxSockets: 256,
    maxFreeSockets: 64,
    timeout: FREE_SOCKET_MS,
    scheduling: 'lifo' as const,
  };
  return { http: new http.Agent(opts), https: new https.Agent(opts) };
}

export function destroyAgents(a: RpcAgents): void {
  a.http.destroy();
  a.https.destroy();
}

/** Request ids unique across every session of this process (the SDK server maps ids to streams per session). */
let nextId = 1_000_000;

/** Where one downstream session's calls go, prepared once per session. */
export interface RpcTarget {
  secure: boolean;
  hostname: string;
  port: string;
  path: string;
  /**
   * host, authorization, mcp-session-id and mcp-protocol-version of the session plus the fixed ones as
   * name/value pairs in one flat list: node:http writes such a list as it is, without validating and
   * storing each header again on every call. Never logged.
   */
  headers: readonly string[];
}

export function rpcTarget(url: string, sessionHeaders: Record<string, string>): RpcTarget {
  const u = new URL(url);
  return {
    secure: u.protocol === 'https:',
    // node:http wants IPv6 literals without brackets.
    hostname: u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname,
    port: u.port,
    path: `${u.pathname}${u.search}`,
    headers: headerList({
      host: u.host,
      ...sessionHeaders,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    }),
  };
}

/** Headers as a flat name/value list, validated once here as node:http would (it skips that for lists). */
function headerList(headers: Record<string, string>): string[] {
  const list: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    http.validateHeaderName(name);
    http.validateHeaderValue(name, value);
    list.push(name, value);
  }
  return list;
}

/** The caller cancelled the request (its MCP client sent `notifications/cancelled`); the downstream request was aborted. */
export class RequestCancelled extends Error {
  constructor() {
    super('request cancelled');
    this.name = 'RequestCancelled';
  }
}

/**
 * Sends `method` on the session and resolves with its JSON-RPC `result` (unvalidated). When `signal`
 * aborts, the request is abandoned (its socket destroyed), the server is told with
 * `notifications/cancelled`, and the promise rejects with RequestCancelled.
 */
export async function rpcRequest(
  agents: RpcAgents,
  target: RpcTarget,
  method: string,
  params: unknown,
  timeoutMs: number,
  signal?: AbortSignal,
  clock: Clock = systemClock,
): Promise<unknown> {
  if (signal?.aborted) throw new RequestCancelled();
  const id = nextId++;
  const body = JSON.stringify(
    params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params },
  );
  try {
    return await attempt(agents, target, body, id, timeoutMs, signal, clock);
  } catch (err) {
    // A kept-alive socket the server closed just as we reused it: nothing reached the server, so send again once.
    if (err instanceof StaleSocket) return attempt(agents, target, body, id, timeoutMs, signal, clock);
    throw err;
  }
}

/** Tells the downstream server to stop working on request `id` (best effort: its answer, 202, is not awaited for anything). */
function sendCancelled(agents: RpcAgents, target: RpcTarget, id: number): void {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    method: 'notifications/cancelled',
    params: { requestId: id, reason: 'The client cancelled the request' },
  });
  const req = post(agents, target, body, 5_000);
  req.on('response', (res) => res.resume());
  req.on('timeout', () => req.destroy());
  req.on('error', () => {});
  req.end(body);
}

/** A POST of `body` to the target over its kept-alive agent (`timeout`: the socket's idle limit). */
function post(agents: RpcAgents, target: RpcTarget, body: string, timeout?: number): http.ClientRequest {
  return (target.secure ? https : http).request({
    hostname: target.hostname,
    port: target.port,
    path: target.path,
    method: 'POST',
    agent: target.secure ? agents.https : agents.http,
    headers: [...target.headers, 'content-length', String(Buffer.byteLength(body))],
    ...(timeout !== undefined ? { timeout } : {}),
  });
}

class StaleSocket extends Error {}

function attempt(
  agents: RpcAgents,
  target: RpcTarget,
  body: string,
  id: number,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  clock: Clock,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = post(agents, target, body);
    let answered = false;
    let settled = false;
    const timer = clock.after(timeoutMs, () => {
      fail(new McpError(ErrorCode.RequestTimeout, 'Request timed out', { timeout: timeoutMs }));
      req.destroy();
    });
    const onAbort = () => {
      if (settled) return;
      fail(new RequestCancelled());
      req.destroy();
      sendCancelled(agents, target, id);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const fail = (err: Error) => {
      settled = true;
      timer.cancel();
      signal?.removeEventListener('abort', onAbort);
      reject(err);
    };
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!answered && req.reusedSocket && err.code === 'ECONNRESET') fail(new StaleSocket());
      else fail(err);
    });
    req.on('response', (res) => {
      answered = true;
      readAnswer(res, id).then(
        (v) => {
          settled = true;
          timer.cancel();
          signal?.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (err: Error) => {
          fail(err);
          res.destroy();
        },
      );
    });
    req.end(body);
  });
}

async function readAnswer(res: IncomingMessage, id: number): Promise<unknown> {
  const status = res.statusCode ?? 0;
  const type = (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (status < 200 || status >= 300) {
    const text = (await readAll(res, 64 * 1024)).slice(0, 500);
    throw new StreamableHTTPError(status, `Error POSTing to endpoint: ${text}`);
  }
  if (type === 'application/json') {
    const text = await readAll(res, MAX_RESPONSE_BYTES);
    const msg: unknown = JSON.parse(text);
    const result = resultOf(findResponse(msg, id));
    // A single response (not a batch): its `result` member's text is the result, whatever the member order.
    const rawResult = isObject(msg) ? resultText(text, msg) : undefined;
    if (rawResult !== undefined) rememberRawJson(result, rawResult);
    return result;
  }
  if (type === 'text/event-stream')
    return resultOf(await readSse(res, MAX_RESPONSE_BYTES, (msg) => findResponse(msg, id, true)));
  res.resume();
  throw new StreamableHTTPError(-1, `Unexpected content type: ${type ?? 'none'}`);
}

function readAll(res: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        res.destroy();
        reject(new Error('downstream answer too large'));
        return;
      }
      chunks.push(c);
    });
    res.on('end', () =>
      resolve(chunks.length === 1 && chunks[0] ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')),
    );
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('downstream answer cut off')));
  });
}

interface RpcMessage {
  id?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown; data?: unknown };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The message answering `id` (also inside a batch); with `optional`, undefined when this is another message. */
function findResponse(msg: unknown, id: number, optional = false): RpcMessage | undefined {
  const all = Array.isArray(msg) ? msg : [msg];
  for (const m of all) {
    if (isObject(m) && m.id === id && ('result' in m || 'error' in m)) return m;
  }
  if (optional) return undefined;
  throw new Error('downstream answer holds no response to the request');
}

function resultOf(m: RpcMessage | undefined): object {
  if (!m) throw new Error('downstream answer holds no response to the request');
  if (m.error !== undefined) {
    const e = isObject(m.error) ? m.error : {};
    const code = typeof e.code === 'number' && Number.isSafeInteger(e.code) ? e.code : ErrorCode.InternalError;
    throw new McpError(code, typeof e.message === 'string' ? e.message : 'error', e.data);
  }
  if (!isObject(m.result)) throw new McpError(ErrorCode.InternalError, 'downstream result is not an object');
  return m.result;
}
