/**
 * Cancellation on both lanes (issue 14): after `notifications/cancelled` the POST of the cancelled
 * tools/call ends at once with the cancelled error instead of hanging, the downstream call is
 * aborted and cancelled downstream (its handler sees the abort), and no late result arrives. The
 * downstream server is a real MCP SDK server whose `wait` tool only ends when it is cancelled, so a
 * cancellation that does not reach it leaves the test hanging until it fails.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { REQUEST_CANCELLED } from '../../../server/navigator/mcp/errors.js';
import { rawSession } from './raw-mcp.js';
import { startStack, type Stack } from '../../../kit/stack.js';

interface Downstream {
  url: string;
  /** Resolves with the tool call's request id when `wait` starts. */
  nextStart(): Promise<void>;
  /** Resolves when a running `wait` saw its request cancelled. */
  nextAbort(): Promise<void>;
  close(): Promise<void>;
}

/** A no-auth MCP server with `wait` (runs until cancelled) and `echo`. */
async function startDownstream(): Promise<Downstream> {
  const waiters = { start: [] as (() => void)[], abort: [] as (() => void)[] };
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const build = () => {
    const server = new McpServer({ name: 'slowpoke', version: '1.0.0' });
    server.registerTool('wait', { description: 'Waits until cancelled' }, async (extra) => {
      waiters.start.shift()?.();
      await new Promise<void>((resolve) => extra.signal.addEventListener('abort', () => resolve(), { once: true }));
      waiters.abort.shift()?.();
      return { content: [{ type: 'text', text: 'late result' }] };
    });
    server.registerTool('echo', { description: 'Says hello' }, () => ({ content: [{ type: 'text', text: 'hello' }] }));
    return server;
  };
  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body: unknown = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      const sid = req.headers['mcp-session-id'];
      let transport = typeof sid === 'string' ? transports.get(sid) : undefined;
      if (!transport) {
        const t = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          enableJsonResponse: true,
          onsessioninitialized: (id) => void transports.set(id, t),
        });
        transport = t;
        void build().connect(t);
      }
      void transport.handleRequest(req, res, body);
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    nextStart: () => new Promise((r) => waiters.start.push(r)),
    nextAbort: () => new Promise((r) => waiters.abort.push(r)),
    close: async () => {
      await Promise.allSettled([...transports.values()].map((t) => t.close()));
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    },
  };
}

let stack: Stack | undefined;
let downstream: Downstream | undefined;
afterEach(async () => {
  await stack?.close();
  await downstream?.close();
  stack = downstream = undefined;
});

async function setUp(): Promise<{ stack: Stack; downstream: Downstream }> {
  downstream = await startDownstream();
  stack = await startStack({ downstreamTimeoutMs: 600_000 });
  const added = await stack.api('POST', '/api/projects/demo/servers', {
    name: 'slowpoke',
    display_name: 'Slowpoke',
    mcp_url: downstream.url,
    auth_level: 'none',
  });
  expect(added.status).toBe(201);
  return { stack, downstream };
}

const lanes = [
  { lane: 'the lane', params: { name: 'slowpoke__wait', arguments: {} } },
  // A _meta key other than progressToken sends the call through the SDK transport.
  { lane: 'SDK lane', params: { name: 'slowpoke__wait', arguments: {}, _meta: { 'example.com/trace': 'abc' } } },
];

describe('navigator MCP cancellation', () => {
  for (const { lane, params } of lanes) {
    it(`ends the cancelled POST with the cancelled error and cancels the downstream call (${lane})`, async () => {
      const { stack, downstream } = await setUp();
      const s = await rawSession(stack, 'alice');
      const started = downstream.nextStart();
      const aborted = downstream.nextAbort();
      const call = s.post({ jsonrpc: '2.0', id: 11, method: 'tools/call', params });
      await started;
      const cancel = await s.post({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 11, reason: 'user pressed stop' },
      });
      expect(cancel.status).toBe(202);
      const answer = await call;
      expect(answer.status).toBe(200);
      // The cancelled error, not the late result.
      expect(answer.json).toEqual({
        jsonrpc: '2.0',
        id: 11,
        error: { code: REQUEST_CANCELLED, message: 'Request cancelled' },
      });
      expect(answer.text).not.toContain('late result');
      // The downstream server was told (its handler's signal aborted on notifications/cancelled).
      await aborted;
      // The session and the downstream connection still work.
      const again = await s.post({
        jsonrpc: '2.0',
        id: 12,
        method: 'tools/call',
        params: { name: 'slowpoke__echo', arguments: {} },
      });
      expect(again.json?.result?.content).toEqual([{ type: 'text', text: 'hello' }]);
    });
  }

  it('ignores a cancel for an unknown or finished request', async () => {
    const { stack } = await setUp();
    const s = await rawSession(stack, 'alice');
    const done = await s.post({
      jsonrpc: '2.0',
      id: 21,
      method: 'tools/call',
      params: { name: 'slowpoke__echo', arguments: {} },
    });
    expect(done.json?.result?.content).toEqual([{ type: 'text', text: 'hello' }]);
    expect(
      (await s.post({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 21 } })).status,
    ).toBe(202);
    expect(
      (await s.post({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'never-sent' } })).status,
    ).toBe(202);
    const after = await s.post({
      jsonrpc: '2.0',
      id: 22,
      method: 'tools/call',
      params: { name: 'slowpoke__echo', arguments: {} },
    });
    expect(after.json?.result?.content).toEqual([{ type: 'text', text: 'hello' }]);
  });
});
