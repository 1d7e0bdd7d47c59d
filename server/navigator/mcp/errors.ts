/**
 * JSON-RPC errors as the navigator puts them on the wire, for both lanes (the lane, lane.ts, and the
 * SDK transport): one mapping from thrown errors to `{code, message, data}`, the answer to a cancelled
 * request, the request checks the SDK would otherwise answer with `-32603` and a raw zod dump
 * (tools/call or tools/list with bad params, initialize without its params, an empty batch), and one
 * writer for error answers.
 */
import { ErrorCode, InitializeRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';

export interface WireError {
  code: number;
  message: string;
  data?: unknown;
}

/**
 * The code a cancelled request's POST ends with (the answer the client no longer waits for). The
 * MCP specification defines none; -32800 is the Language Server Protocol's RequestCancelled, outside
 * JSON-RPC's reserved range.
 */
export const REQUEST_CANCELLED = -32800;
export const CANCELLED_ERROR: WireError = { code: REQUEST_CANCELLED, message: 'Request cancelled' };

/** The SDK's McpError prefixes its message with `MCP error {code}: `; a client adds it again, so it is not sent. */
const SDK_PREFIX = /^(?:MCP error -?\d+: )+/;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A thrown value as a JSON-RPC error: McpError codes and data kept (prefix removed), anything else an internal error. */
export function wireError(err: unknown): WireError {
  const e = isObject(err) || err instanceof Error ? (err as { code?: unknown; message?: unknown; data?: unknown }) : {};
  if (typeof e.code !== 'number' || !Number.isSafeInteger(e.code))
    return { code: ErrorCode.InternalError, message: 'Internal error' };
  const message = typeof e.message === 'string' ? e.message.replace(SDK_PREFIX, '') : 'Error';
  return e.data === undefined ? { code: e.code, message } : { code: e.code, message, data: e.data };
}

/** An Error the SDK's Protocol serializes as `error` (it reads `code`, `message` and `data` from what a handler throws). */
export function throwable(err: WireError): Error {
  return Object.assign(new Error(err.message), { code: err.code, data: err.data });
}

const Meta = z.record(z.string(), z.unknown());
const CallParams = z.looseObject({
  name: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()).optional(),
  _meta: Meta.optional(),
});
const ListParams = z.looseObject({ cursor: z.string().optional(), _meta: Meta.optional() }).optional();

function issuesText(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = ['params', ...i.path.map(String)].join('.');
      return `${where}: ${i.message}`;
    })
    .join('; ');
}

export type RequestId = string | number;

/** A refusal the gateway answers itself: HTTP status plus the JSON-RPC error and the request id it concerns. */
export interface Refusal {
  status: number;
  id: RequestId | null;
  error: WireError;
}

function requestId(body: Record<string, unknown>): RequestId | null {
  const id = body.id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id)) ? id : null;
}

/** `-32602` naming the field for a single tools/call or tools/list whose params do not fit; undefined when fine or not such a request. */
export function paramsRefusal(body: unknown): Refusal | undefined {
  if (!isObject(body) || body.jsonrpc !== '2.0') return undefined;
  const id = requestId(body);
  if (id === null) return undefined;
  const schema = body.method === 'tools/call' ? CallParams : body.method === 'tools/list' ? ListParams : undefined;
  if (!schema) return undefined;
  const r = schema.safeParse(body.params);
  if (r.success) return undefined;
  return {
    status: 200,
    id,
    error: { code: ErrorCode.InvalidParams, message: `Invalid params: ${issuesText(r.error)}` },
  };
}

/** An initialize request whose params do not fit: `-32602` naming the fields, with the request's own id. */
export function initializeRefusal(body: unknown): Refusal | undefined {
  if (!isObject(body) || body.method !== 'initialize') return undefined;
  const r = InitializeRequestSchema.safeParse(body);
  if (r.success) return undefined;
  const fields = r.error.issues.map((i) => `${i.path.map(String).join('.') || 'request'}: ${i.message}`).join('; ');
  return {
    status: 400,
    id: requestId(body),
    error: { code: ErrorCode.InvalidParams, message: `Invalid initialize request: ${fields}` },
  };
}

/** JSON-RPC 2.0: an empty batch is answered with one Invalid Request error. */
export function emptyBatchRefusal(body: unknown): Refusal | undefined {
  return Array.isArray(body) && body.length === 0
    ? {
        status: 400,
        id: null,
        error: { code: ErrorCode.InvalidRequest, message: 'Invalid Request: the batch is empty' },
      }
    : undefined;
}

/** The JSON text of a JSON-RPC error response. */
export function errorPayload(id: RequestId | null, error: WireError): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error });
}

/**
 * Writes a JSON-RPC error answer straight on Node's response (both lanes use this, so their refusals
 * are byte for byte alike). 401s carry the Bearer challenge; `sessionId` echoes the session.
 */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  error: WireError,
  id: RequestId | null = null,
  sessionId?: string,
): void {
  if (res.headersSent) return;
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="navigator"');
  if (sessionId !== undefined) res.setHeader('mcp-session-id', sessionId);
  const payload = errorPayload(id, error);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** A refusal (see `Refusal`) on the wire. */
export function sendRefusal(res: ServerResponse, r: Refusal, sessionId?: string): void {
  sendRpcError(res, r.status, r.error, r.id, sessionId);
}
