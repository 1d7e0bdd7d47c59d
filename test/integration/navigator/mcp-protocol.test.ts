/**
 * The navigator answers as the MCP specification and JSON-RPC 2.0 say (issue 14): -32602 naming the
 * field, one -32600 for an empty batch, argument mistakes as isError results, no doubled
 * `MCP error` prefix, initialize errors with the request's id, `Allow` on 405, 401 before anything
 * tells whether an instance exists.
 */
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL, rawPost, rawSession } from './raw-mcp.js';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const text = (r: Record<string, unknown>) =>
  Array.isArray(r.content) ? r.content.map((c: { text?: string }) => c.text ?? '').join('\n') : '';

describe('navigator MCP error codes and messages', () => {
  it('answers tools/call with missing or wrong params with -32602 naming the field, on the session', async () => {
    stack = await startStack();
    const s = await rawSession(stack, 'alice');
    const missing = await s.post({ jsonrpc: '2.0', id: 7, method: 'tools/call' });
    expect(missing.status).toBe(200);
    expect(missing.json?.id).toBe(7);
    expect(missing.json?.error?.code).toBe(-32602);
    expect(missing.json?.error?.message).toMatch(/^Invalid params: params: /);
    const badName = await s.post({ jsonrpc: '2.0', id: 'x', method: 'tools/call', params: { name: 5 } });
    expect(badName.json?.id).toBe('x');
    expect(badName.json?.error?.code).toBe(-32602);
    expect(badName.json?.error?.message).toMatch(/params\.name: /);
    // Not a raw zod dump.
    expect(badName.json?.error?.message).not.toMatch(/"code"|\[\s*\{/);
    const badArgs = await s.post({
      jsonrpc: '2.0',
      id: 8,
      method: 'tools/call',
      params: { name: 'list_server_tools', arguments: [1] },
    });
    expect(badArgs.json?.error?.message).toMatch(/params\.arguments: /);
    const badList = await s.post({ jsonrpc: '2.0', id: 9, method: 'tools/list', params: { cursor: 3 } });
    expect(badList.json?.error).toMatchObject({ code: -32602 });
    expect(badList.json?.error?.message).toMatch(/params\.cursor: /);
  });

  it('answers an empty batch with one -32600 error (JSON-RPC 2.0), with or without a session', async () => {
    stack = await startStack();
    const s = await rawSession(stack, 'alice');
    for (const r of [await s.post([]), await rawPost(stack.mcpUrl, stack.mcpHeaders('alice'), [])]) {
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
      expect(r.json?.error?.message).toMatch(/empty/);
    }
  });

  it('returns argument mistakes of list_server_tools and call_server_tool as isError results the model can correct', async () => {
    stack = await startStack();
    const c = await stack.mcpClient('alice');
    const list = await c.callTool({ name: 'list_server_tools', arguments: {} });
    expect(list.isError).toBe(true);
    expect(text(list)).toMatch(/list_server_tools needs \{"server": "<name>"\}: server: /);
    const call = await c.callTool({ name: 'call_server_tool', arguments: { server: 'slack', tool: 3 } });
    expect(call.isError).toBe(true);
    expect(text(call)).toMatch(/call_server_tool needs .*tool: /);
  });

  it('sends protocol error messages without the SDK prefix, so a client shows it once', async () => {
    stack = await startStack();
    const s = await rawSession(stack, 'alice');
    // The SDK lane (a _meta key other than progressToken) and the lane (mcp/lane.ts) answer alike.
    for (const params of [{ name: 'nope' }, { name: 'nope', _meta: { 'example.com/trace': 1 } }]) {
      const r = await s.post({ jsonrpc: '2.0', id: 3, method: 'tools/call', params });
      expect(r.json?.error).toEqual({ code: -32602, message: "Unknown tool 'nope'" });
    }
    const c = await stack.mcpClient('alice');
    const err = await c.callTool({ name: 'nope', arguments: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).message).toBe("MCP error -32602: Unknown tool 'nope'");
  });

  it('answers initialize without protocolVersion with -32602 naming the field and the request id', async () => {
    stack = await startStack();
    const r = await rawPost(stack.mcpUrl, stack.mcpHeaders('alice'), {
      jsonrpc: '2.0',
      id: 41,
      method: 'initialize',
      params: { capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    });
    expect(r.status).toBe(400);
    expect(r.json?.id).toBe(41);
    expect(r.json?.error?.code).toBe(-32602);
    expect(r.json?.error?.message).toMatch(/params\.protocolVersion/);
    expect(r.headers.get('mcp-session-id')).toBeNull();
  });

  it('answers other methods with 405 and an Allow header (RFC 9110)', async () => {
    stack = await startStack();
    const r = await rawPost(stack.mcpUrl, stack.mcpHeaders('alice'), undefined, 'PUT');
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, POST, DELETE');
    expect(r.json?.error?.code).toBe(-32000);
  });

  it('answers unknown instances exactly like a wrong key: 401 before anything reveals whether an instance exists', async () => {
    stack = await startStack();
    const init = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'probe', version: '1' } },
    };
    const known = await rawPost(
      stack.mcpUrl,
      { authorization: 'Bearer wrong-key-0123456789', 'x-navigator-user': 'alice' },
      init,
    );
    const unknown = await rawPost(
      `${stack.navigator.url}/mcp/no-such-instance`,
      { authorization: 'Bearer wrong-key-0123456789', 'x-navigator-user': 'alice' },
      init,
    );
    const unknownRightKey = await rawPost(
      `${stack.navigator.url}/mcp/no-such-instance`,
      stack.mcpHeaders('alice'),
      init,
    );
    for (const r of [known, unknown, unknownRightKey]) {
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect(unknown.text).toBe(known.text);
    expect(unknownRightKey.text).toBe(known.text);
  });
});
