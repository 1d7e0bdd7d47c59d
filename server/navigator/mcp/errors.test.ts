/** JSON-RPC errors as the navigator sends them: codes kept, SDK prefix removed, fields named. */
import { ErrorCode, McpError, UrlElicitationRequiredError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { emptyBatchRefusal, initializeRefusal, paramsRefusal, wireError } from './errors.js';

describe('wireError', () => {
  it('keeps McpError codes and data without the SDK prefix, and hides anything else as an internal error', () => {
    expect(wireError(new McpError(ErrorCode.InvalidParams, "Unknown tool 'x'"))).toEqual({
      code: -32602,
      message: "Unknown tool 'x'",
    });
    const e = new UrlElicitationRequiredError(
      [{ mode: 'url', elicitationId: 'e', url: 'http://n/auth', message: 'm' }],
      'connect first',
    );
    expect(wireError(e)).toEqual({
      code: -32042,
      message: 'connect first',
      data: { elicitations: [{ mode: 'url', elicitationId: 'e', url: 'http://n/auth', message: 'm' }] },
    });
    expect(wireError(new Error('secret internals'))).toEqual({ code: -32603, message: 'Internal error' });
    expect(wireError('nope')).toEqual({ code: -32603, message: 'Internal error' });
  });
});

describe('request checks', () => {
  it('names the failing params field with the request id', () => {
    expect(paramsRefusal({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { arguments: {} } })).toMatchObject({
      status: 200,
      id: 4,
      error: { code: -32602 },
    });
    expect(
      paramsRefusal({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { arguments: {} } })?.error.message,
    ).toMatch(/^Invalid params: params\.name: /);
    expect(
      paramsRefusal({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'x', arguments: { a: 1 } } }),
    ).toBeUndefined();
    expect(paramsRefusal({ jsonrpc: '2.0', id: 4, method: 'ping' })).toBeUndefined();
    expect(paramsRefusal({ jsonrpc: '2.0', method: 'tools/call' })).toBeUndefined();
  });

  it('refuses initialize without its params and an empty batch', () => {
    expect(initializeRefusal({ jsonrpc: '2.0', id: 'i', method: 'initialize', params: {} })?.error.message).toMatch(
      /params\.protocolVersion/,
    );
    expect(
      initializeRefusal({
        jsonrpc: '2.0',
        id: 'i',
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
      }),
    ).toBeUndefined();
    expect(emptyBatchRefusal([])).toMatchObject({ status: 400, id: null, error: { code: -32600 } });
    expect(emptyBatchRefusal([{}])).toBeUndefined();
  });
});
