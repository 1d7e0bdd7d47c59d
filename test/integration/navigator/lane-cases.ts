/**
 * The lane's request cases: which requests the lane answers itself (TAKEN) and which it leaves to the
 * SDK transport (LEFT). Checked one by one in server/navigator/mcp/lane-request.test.ts and sent
 * through both lanes of a real navigator in lane-differential.test.ts.
 */

/** Request headers; undefined = not sent. */
export type Headers = Record<string, string | undefined>;

export const LANE_HEADERS: Headers = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
  'mcp-protocol-version': '2025-06-18',
};
const h = LANE_HEADERS;
const call = (params: unknown, id: unknown = 1) => ({ jsonrpc: '2.0', id, method: 'tools/call', params });

/** Requests the lane takes: [headers, body, what it takes]. */
export const TAKEN: [Headers, unknown, unknown][] = [
  [
    h,
    call({ name: 'slack__list_channels', arguments: { a: 1 } }),
    { method: 'tools/call', id: 1, name: 'slack__list_channels', args: { a: 1 } },
  ],
  [
    h,
    call({ name: 'x', _meta: { progressToken: 3 } }, 'r1'),
    { method: 'tools/call', id: 'r1', name: 'x', args: undefined },
  ],
  // Extra params members are passed over by the SDK too.
  [h, call({ name: 'x', extra: true }), { method: 'tools/call', id: 1, name: 'x', args: undefined }],
  [
    { ...h, 'content-type': 'application/json; charset=utf-8' },
    { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    { method: 'tools/list', id: 2 },
  ],
  [
    { ...h, 'mcp-protocol-version': undefined },
    { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { cursor: 'c' } },
    { method: 'tools/list', id: 2 },
  ],
];

/** Requests the lane leaves to the SDK transport: [headers, body]. */
export const LEFT: [Headers, unknown][] = [
  [h, [call({ name: 'x' })]],
  [h, { ...call({ name: 'x' }), jsonrpc: '1.0' }],
  [h, call({ name: 'x' }, null)],
  [h, call({ name: 'x' }, 1.5)],
  [h, { jsonrpc: '2.0', method: 'tools/call', params: { name: 'x' } }],
  [h, call({ name: 7 })],
  [h, call({ name: '' })],
  [h, call({ name: 'x', arguments: [1] })],
  [h, call({ name: 'x', task: { ttl: 1 } })],
  [h, call({ name: 'x', _meta: { 'io.modelcontextprotocol/related-task': { taskId: 't' } } })],
  [h, call({ name: 'x', _meta: { 'example.com/trace': 1 } })],
  // The SDK's request schema refuses these before any handler runs.
  [h, call({ name: 'x', _meta: { progressToken: null } })],
  [h, call({ name: 'x', _meta: { progressToken: 1.5 } })],
  [h, { ...call({ name: 'x' }), extra: 1 }],
  [h, call('x')],
  [h, { jsonrpc: '2.0', id: 1, method: 'tools/list', params: [] }],
  [h, { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { cursor: 3 } }],
  [h, { jsonrpc: '2.0', id: 1, method: 'ping' }],
  [h, { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }],
  [{ ...h, accept: 'application/json' }, call({ name: 'x' })],
  [{ ...h, 'content-type': 'text/plain' }, call({ name: 'x' })],
  [{ ...h, 'mcp-protocol-version': '1999-01-01' }, call({ name: 'x' })],
];
