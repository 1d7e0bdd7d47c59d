/**
 * How the lane (lane.ts) answers a request it took: runs the work and writes the JSON-RPC answer as
 * the SDK transport does in JSON response mode (200, `application/json`, `mcp-session-id`), with
 * cancellation through `notifications/cancelled`. A tools/call result is checked with the SDK's
 * `CallToolResultSchema`, as the SDK's Server checks it, and a failing one gets the SDK's error; a
 * downstream result that passes goes on as the text it came in (downstream/raw-json.ts).
 */
import type { ServerResponse } from 'node:http';
import { CallToolResultSchema, ErrorCode, JSONRPC_VERSION, McpError } from '@modelcontextprotocol/sdk/types.js';
import { rawJsonOf } from '../downstream/raw-json.js';
import { CANCELLED_ERROR, errorPayload, wireError } from './errors.js';
import type { RequestId } from './errors.js';

/** A lane request in flight, by JSON-RPC id (a Map keeps 1 and "1" apart), so `notifications/cancelled` can end it. */
export interface InFlight {
  cancel(): void;
}

/** What an answer needs: the response, the session it belongs to, extra headers (security headers, as a flat list). */
export interface AnswerTarget {
  res: ServerResponse;
  sessionId: string;
  headers: readonly string[];
  inflight: Map<RequestId, InFlight>;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * The common shape of a tool result (text blocks only, no `_meta`), checked by hand: every result this
 * accepts passes the SDK's `CallToolResultSchema` unchanged (lane-answer.test.ts), and it saves a zod
 * parse per proxied call. Anything else is checked by the schema.
 */
export function plainResult(result: unknown): boolean {
  if (!isObject(result) || !Array.isArray(result.content)) return false;
  for (const k in result) if (k !== 'content' && k !== 'isError' && k !== 'structuredContent') return false;
  if (result.isError !== undefined && typeof result.isError !== 'boolean') return false;
  if (result.structuredContent !== undefined && !isObject(result.structuredContent)) return false;
  for (const b of result.content as unknown[]) {
    if (!isObject(b) || b.type !== 'text' || typeof b.text !== 'string') return false;
    for (const k in b) if (k !== 'type' && k !== 'text') return false;
  }
  return true;
}

/**
 * The SDK's Server validates every tools/call result (server/index.js, `setRequestHandler` for
 * tools/call) and answers a failing one with this McpError; its message keeps McpError's prefix there.
 */
export function invalidResult(result: unknown): string | undefined {
  if (plainResult(result)) return undefined;
  const r = CallToolResultSchema.safeParse(result);
  if (r.success) return undefined;
  const err = new McpError(ErrorCode.InvalidParams, `Invalid tools/call result: ${r.error.message}`);
  return JSON.stringify({ code: err.code, message: err.message });
}

/**
 * Runs `work` and writes its answer. While it runs, `inflight` holds a canceller: it aborts `work`'s
 * signal (so the downstream call is aborted) and ends the POST at once with the cancelled error; a
 * late result is then dropped.
 */
export async function answer(
  t: AnswerTarget,
  id: RequestId,
  work: (signal: AbortSignal) => Promise<unknown>,
  isCall: boolean,
): Promise<void> {
  const ctl = new AbortController();
  const entry: InFlight = {
    cancel: () => {
      ctl.abort();
      write(t, errorPayload(id, CANCELLED_ERROR));
    },
  };
  t.inflight.set(id, entry);
  let payload: string;
  try {
    const result = await work(ctl.signal);
    const invalid = isCall ? invalidResult(result) : undefined;
    const raw = rawJsonOf(result);
    const idText = JSON.stringify(id);
    payload =
      invalid !== undefined
        ? `{"jsonrpc":"${JSONRPC_VERSION}","id":${idText},"error":${invalid}}`
        : `{"result":${raw ?? JSON.stringify(result)},"jsonrpc":"${JSONRPC_VERSION}","id":${idText}}`;
  } catch (err) {
    payload = errorPayload(id, wireError(err));
  } finally {
    if (t.inflight.get(id) === entry) t.inflight.delete(id);
  }
  write(t, payload);
}

function write(t: AnswerTarget, payload: string): void {
  const res = t.res;
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  res.writeHead(200, [
    ...t.headers,
    'content-type',
    'application/json',
    'mcp-session-id',
    t.sessionId,
    'content-length',
    String(Buffer.byteLength(payload)),
  ]);
  res.end(payload);
}
