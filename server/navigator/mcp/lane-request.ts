/**
 * Which requests the lane (lane.ts) answers itself: a single `tools/call` or `tools/list` that the
 * SDK transport would accept and hand to the navigator's handler unchanged. The rules are the SDK's
 * own: its JSON-RPC request schema (what `isJSONRPCRequest` checks), its tools/call and tools/list
 * request schemas, its protocol versions and its Content-Type rule, plus the navigator's own params
 * check (errors.ts) that runs before the SDK transport. Anything else (task-augmented calls, related-task metadata, odd headers,
 * batches, notifications, other methods) is left to the SDK transport.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isJsonContentType } from '@modelcontextprotocol/sdk/shared/mediaType.js';
import {
  CallToolRequestSchema,
  JSONRPC_VERSION,
  JSONRPCRequestSchema,
  ListToolsRequestSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';
import { paramsRefusal } from './errors.js';

/**
 * The SDK's JSON-RPC request schema (strict: `jsonrpc`, `id`, `method`, `params` only) and its
 * tools/call and tools/list request schemas in one parse each: the transport checks the first, the
 * SDK's Server the second, and one parse costs less than two (this runs on every proxied call).
 */
const jsonRpc = { jsonrpc: JSONRPCRequestSchema.shape.jsonrpc, id: JSONRPCRequestSchema.shape.id };
const CallRequest = CallToolRequestSchema.extend(jsonRpc).strict();
const ListRequest = ListToolsRequestSchema.extend(jsonRpc).strict();

export type LaneRequest =
  | { method: 'tools/call'; id: string | number; name: string; args: Record<string, unknown> | undefined }
  | { method: 'tools/list'; id: string | number };

const supportedVersions = new Set<string>(SUPPORTED_PROTOCOL_VERSIONS);

/**
 * Headers the SDK transport accepts on a POST of an initialized session. The Accept rule is
 * WebStandardStreamableHTTPServerTransport.handlePostRequest's (a substring check of both types; the
 * SDK exports no function for it), the Content-Type rule is the SDK's `isJsonContentType`, the
 * version rule its `validateProtocolVersion` over `SUPPORTED_PROTOCOL_VERSIONS`.
 */
function headersOk(h: IncomingHttpHeaders): boolean {
  const accept = h.accept;
  if (accept === undefined || !accept.includes('application/json') || !accept.includes('text/event-stream'))
    return false;
  if (!isJsonContentType(h['content-type'])) return false;
  const version = h['mcp-protocol-version'];
  return version === undefined || (typeof version === 'string' && supportedVersions.has(version));
}

/** Only `_meta.progressToken` may come with the params: related-task metadata needs the SDK. */
function metaOk(meta: Record<string, unknown> | undefined): boolean {
  if (meta === undefined) return true;
  for (const k in meta) if (k !== 'progressToken') return false;
  return true;
}

/** A JSON object (what JSON.parse makes of `{...}`), not an array. */
function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isId(x: unknown): x is string | number {
  return typeof x === 'string' || Number.isSafeInteger(x);
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): boolean {
  for (const k in o) if (!allowed.includes(k)) return false;
  return true;
}

/** `_meta` of the plain shape: absent, or only a progressToken of the SDK's type. */
function plainMeta(meta: unknown): boolean {
  return meta === undefined || (isObject(meta) && onlyKeys(meta, ['progressToken']) && isId(meta.progressToken));
}

const REQUEST_KEYS = ['jsonrpc', 'id', 'method', 'params'] as const;

/**
 * The common shape of a proxied call, checked by hand: in a busy navigator the SDK's zod schemas cost
 * several µs per call (about 2.5% of its CPU in `npm run bench`'s profile). Every request this accepts
 * is one `schemaRequest` accepts with the same outcome (lane-request.test.ts holds it to that over the
 * lane cases and the fuzz corpus); null means "not the plain shape, ask the schemas". Arguments with
 * an own `__proto__` key are not plain: the SDK's parse drops it.
 */
export function plainRequest(body: unknown): LaneRequest | null {
  if (!isObject(body) || body.jsonrpc !== JSONRPC_VERSION || !isId(body.id) || !onlyKeys(body, REQUEST_KEYS))
    return null;
  const p = body.params;
  if (body.method === 'tools/call') {
    if (!isObject(p) || !onlyKeys(p, ['name', 'arguments', '_meta']) || typeof p.name !== 'string' || p.name === '')
      return null;
    const args = p.arguments;
    if (args !== undefined && (!isObject(args) || Object.hasOwn(args, '__proto__'))) return null;
    return plainMeta(p._meta) ? { method: 'tools/call', id: body.id, name: p.name, args } : null;
  }
  if (body.method === 'tools/list') {
    if (p === undefined) return { method: 'tools/list', id: body.id };
    if (!isObject(p) || !onlyKeys(p, ['cursor', '_meta']) || !(p.cursor === undefined || typeof p.cursor === 'string'))
      return null;
    return plainMeta(p._meta) ? { method: 'tools/list', id: body.id } : null;
  }
  return null;
}

/** The request by the SDK's own schemas (and the gateway's params check), else undefined. */
export function schemaRequest(body: unknown): LaneRequest | undefined {
  const method = isObject(body) ? body.method : undefined;
  if (method === 'tools/call') {
    const r = CallRequest.safeParse(body);
    // The navigator's own -32602 answer for bad params (errors.ts, run before the SDK transport) is the SDK lane's.
    if (!r.success || paramsRefusal(body)) return undefined;
    const p = r.data.params;
    // Task-augmented execution is answered by the SDK (and validated against another result schema).
    if (p.task !== undefined || !metaOk(p._meta)) return undefined;
    // The handler gets the SDK's parsed request, so the lane takes the parsed name and arguments too.
    return { method: 'tools/call', id: r.data.id, name: p.name, args: p.arguments };
  }
  if (method === 'tools/list') {
    // The params check of errors.ts asks nothing of tools/list that this schema does not.
    const r = ListRequest.safeParse(body);
    if (!r.success || !metaOk(r.data.params?._meta)) return undefined;
    return { method: 'tools/list', id: r.data.id };
  }
  return undefined;
}

/** The request when the lane can answer it exactly as the SDK transport would, else undefined. */
export function laneRequest(headers: IncomingHttpHeaders, body: unknown): LaneRequest | undefined {
  if (!headersOk(headers)) return undefined;
  return plainRequest(body) ?? schemaRequest(body);
}
