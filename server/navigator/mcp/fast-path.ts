/**
 * The hot path of an established session: a single `tools/call` or `tools/list` request is answered
 * here, without the SDK's Streamable HTTP transport (Web Request/Response conversion, zod on every
 * message, per-request stream bookkeeping), which costs several hundred µs of CPU per call. Anything
 * else (initialize, notifications, batches, GET/DELETE, odd headers or params) returns undefined from
 * `fastRequest` and goes through the SDK transport (request checks and error mapping: errors.ts).
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { rawJsonOf } from '../downstream/raw-json.js';
import { CANCELLED_ERROR, errorPayload, wireError } from './errors.js';

export type FastRequest =
  | { method: 'tools/call'; id: string | number; name: string; args: Record<string, unknown> | undefined }
  | { method: 'tools/list'; id: string | number };

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const supportedVersions = new Set(SUPPORTED_PROTOCOL_VERSIONS);

/** Headers the SDK transport would accept for a POST on an initialized session. */
function headersOk(h: IncomingHttpHeaders): boolean {
  const accept = h.accept;
  if (typeof accept !== 'string' || !accept.includes('application/json') || !accept.includes('text/event-stream'))
    return false;
  const type = h['content-type'];
  if (typeof type !== 'string' || type.split(';', 1)[0]?.trim().toLowerCase() !== 'application/json') return false;
  const version = h['mcp-protocol-version'];
  return version === undefined || (typeof version === 'string' && supportedVersions.has(version));
}

/** Only `_meta.progressToken` is allowed besides the method's own params: tasks and related-task metadata need the SDK. */
function metaOk(meta: unknown): boolean {
  if (meta === undefined) return true;
  if (!isPlainObject(meta)) return false;
  for (const k in meta) if (k !== 'progressToken') return false;
  return true;
}

/** The request when it can take the fast path, else undefined. */
export function fastRequest(headers: IncomingHttpHeaders, body: unknown): FastRequest | undefined {
  if (!isPlainObject(body) || body.jsonrpc !== '2.0' || !headersOk(headers)) return undefined;
  const id = body.id;
  if (!(typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id)))) return undefined;
  const params = body.params;
  if (body.method === 'tools/call') {
    if (!isPlainObject(params) || typeof params.name !== 'string') return undefined;
    for (const k in params) if (k !== 'name' && k !== 'arguments' && k !== '_meta') return undefined;
    const args = params.arguments;
    if (args !== undefined && !isPlainObject(args)) return undefined;
    if (!metaOk(params._meta)) return undefined;
    return { method: 'tools/call', id, name: params.name, args };
  }
  if (body.method === 'tools/list') {
    if (params !== undefined) {
      if (!isPlainObject(params)) return undefined;
      for (const k in params) if (k !== 'cursor' && k !== '_meta') return undefined;
      if (params.cursor !== undefined && typeof params.cursor !== 'string') return undefined;
      if (!metaOk(params._meta)) return undefined;
    }
    return { method: 'tools/list', id };
  }
  return undefined;
}

/** A fast-lane request in flight, by JSON-RPC id (a Map keeps 1 and "1" apart), so `notifications/cancelled` can end it. */
export interface InFlight {
  cancel(): void;
}

/**
 * Runs `work` and writes the JSON-RPC answer as the SDK transport does in JSON response mode. While
 * it runs, `inflight` holds a canceller: it aborts `work`'s signal (so the downstream call is
 * aborted) and ends the POST at once with the cancelled error; a late result is then dropped.
 */
export async function answer(
  res: ServerResponse,
  sessionId: string,
  id: string | number,
  work: (signal: AbortSignal) => Promise<unknown>,
  inflight: Map<string | number, InFlight>,
): Promise<void> {
  const ctl = new AbortController();
  const entry: InFlight = {
    cancel: () => {
      ctl.abort();
      write(res, sessionId, errorPayload(id, CANCELLED_ERROR));
    },
  };
  inflight.set(id, entry);
  let payload: string;
  try {
    const result = await work(ctl.signal);
    // A downstream tool result goes on as the bytes it came in (see downstream/raw-json.ts).
    const raw = rawJsonOf(result);
    payload =
      raw === undefined
        ? JSON.stringify({ result, jsonrpc: '2.0', id })
        : `{"result":${raw},"jsonrpc":"2.0","id":${JSON.stringify(id)}}`;
  } catch (err) {
    payload = errorPayload(id, wireError(err));
  } finally {
    if (inflight.get(id) === entry) inflight.delete(id);
  }
  write(res, sessionId, payload);
}

function write(res: ServerResponse, sessionId: string, payload: string): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  res.writeHead(200, {
    'content-type': 'application/json',
    'mcp-session-id': sessionId,
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}
