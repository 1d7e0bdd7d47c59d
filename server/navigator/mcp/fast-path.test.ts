/** Which requests the gateway answers itself and which it leaves to the SDK transport. */
import { describe, expect, it } from 'vitest';
import { fastRequest } from './fast-path.js';

const h = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
  'mcp-protocol-version': '2025-06-18',
};
const call = (params: unknown, id: unknown = 1) => ({ jsonrpc: '2.0', id, method: 'tools/call', params });

describe('fastRequest', () => {
  it('takes single tools/call and tools/list requests', () => {
    expect(fastRequest(h, call({ name: 'slack__list_channels', arguments: { a: 1 } }))).toEqual({
      method: 'tools/call',
      id: 1,
      name: 'slack__list_channels',
      args: { a: 1 },
    });
    expect(fastRequest(h, call({ name: 'x', _meta: { progressToken: 3 } }, 'r1'))).toEqual({
      method: 'tools/call',
      id: 'r1',
      name: 'x',
      args: undefined,
    });
    expect(
      fastRequest(
        { ...h, 'content-type': 'application/json; charset=utf-8' },
        { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      ),
    ).toEqual({ method: 'tools/list', id: 2 });
    expect(fastRequest(h, { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { cursor: 'c' } })).toEqual({
      method: 'tools/list',
      id: 2,
    });
  });

  it('leaves everything unusual to the SDK transport', () => {
    const leave: [Record<string, string>, unknown][] = [
      [h, [call({ name: 'x' })]],
      [h, { ...call({ name: 'x' }), jsonrpc: '1.0' }],
      [h, call({ name: 'x' }, null)],
      [h, call({ name: 'x' }, 1.5)],
      [h, { jsonrpc: '2.0', method: 'tools/call', params: { name: 'x' } }],
      [h, call({ name: 7 })],
      [h, call({ name: 'x', arguments: [1] })],
      [h, call({ name: 'x', task: { ttl: 1 } })],
      [h, call({ name: 'x', _meta: { 'io.modelcontextprotocol/related-task': {} } })],
      [h, call('x')],
      [h, { jsonrpc: '2.0', id: 1, method: 'tools/list', params: [] }],
      [h, { jsonrpc: '2.0', id: 1, method: 'ping' }],
      [h, { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }],
      [{ ...h, accept: 'application/json' }, call({ name: 'x' })],
      [{ ...h, 'content-type': 'text/plain' }, call({ name: 'x' })],
      [{ ...h, 'mcp-protocol-version': '1999-01-01' }, call({ name: 'x' })],
    ];
    for (const [headers, body] of leave) expect(fastRequest(headers, body)).toBeUndefined();
  });
});
