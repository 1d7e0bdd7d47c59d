/** The lean downstream caller against a real local HTTP server answering in each way MCP servers may. */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../shared/clock.js';
import { rawJsonOf } from './raw-json.js';
import { createAgents, destroyAgents, rpcRequest, rpcTarget } from './rpc.js';

type Handler = (
  msg: { id: number; method: string; params?: unknown },
  req: IncomingMessage,
  res: ServerResponse,
) => void;
let handler: Handler = () => {};
let server: Server;
let url: URL;
const agents = createAgents();
const seen: IncomingMessage['headers'][] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push(req.headers);
      handler(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: number; method: string }, req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
});
afterAll(async () => {
  destroyAgents(agents);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const call = (timeoutMs = 2_000) =>
  rpcRequest(
    agents,
    rpcTarget(url.href, { authorization: 'Bearer t', 'mcp-session-id': 's1' }),
    'tools/call',
    { name: 'x' },
    timeoutMs,
  );
const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('rpcRequest', () => {
  it('remembers the exact result text of an answer in the SDK spelling', async () => {
    const resultText = '{"content":[{"type":"text","text":"caf\\u00e9 1.0"}],"n":1.0}';
    handler = (m, _req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"result":${resultText},"jsonrpc":"2.0","id":${m.id}}`);
    };
    const result = await call();
    expect(result).toEqual({ content: [{ type: 'text', text: 'café 1.0' }], n: 1 });
    expect(rawJsonOf(result)).toBe(resultText);
  });

  it('remembers the result text of an answer in any member order and spacing', async () => {
    const resultText = '{ "content" : [ {"type":"text", "text":"id \\"result\\": 1"} ],\n "isError": false }';
    handler = (m, _req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{\n  "id": ${m.id},\n  "result": ${resultText},\n  "jsonrpc": "2.0"\n}\n`);
    };
    const result = await call();
    expect(result).toEqual({ content: [{ type: 'text', text: 'id "result": 1' }], isError: false });
    expect(rawJsonOf(result)).toBe(resultText);
  });

  it('posts the session headers and passes a JSON result through', async () => {
    handler = (m, _req, res) =>
      json(res, 200, { jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: m.method }], extra: 1 } });
    const result = await call();
    expect(result).toEqual({ content: [{ type: 'text', text: 'tools/call' }], extra: 1 });
    // Another member order than the SDK's: the result text is still passed on as it came.
    expect(rawJsonOf(result)).toBe(JSON.stringify(result));
    const h = seen[seen.length - 1];
    expect(h?.authorization).toBe('Bearer t');
    expect(h?.['mcp-session-id']).toBe('s1');
    expect(h?.accept).toBe('application/json, text/event-stream');
  });

  it('finds its response in an event stream after notifications', async () => {
    handler = (m, _req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{}}\n\n');
      // CRLF line ends, with the blank line split across two writes.
      res.write(
        `event: message\r\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { content: [] } })}\r\n\r`,
      );
      setTimeout(() => res.write('\n'), 20);
      // The stream may stay open: the caller must not wait for its end.
    };
    expect(await call()).toEqual({ content: [] });
  });

  it('turns JSON-RPC errors into McpError and HTTP statuses into StreamableHTTPError', async () => {
    handler = (m, _req, res) =>
      json(res, 200, { jsonrpc: '2.0', id: m.id, error: { code: -32602, message: 'bad args' } });
    await expect(call()).rejects.toSatisfy(
      (e) => e instanceof McpError && e.code === -32602 && /bad args/.test(e.message),
    );
    handler = (_m, _req, res) => json(res, 401, { error: 'invalid_token' });
    await expect(call()).rejects.toSatisfy((e) => e instanceof StreamableHTTPError && e.code === 401);
    handler = (_m, _req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>');
    };
    await expect(call()).rejects.toBeInstanceOf(StreamableHTTPError);
  });

  it('gives up after the timeout with a RequestTimeout McpError', async () => {
    // The server never answers; the limit runs on a manual clock, moved once the request has arrived.
    const clock = manualClock();
    const arrived = new Promise<void>((resolve) => {
      handler = () => resolve();
    });
    const pending = rpcRequest(
      agents,
      rpcTarget(url.href, { authorization: 'Bearer t', 'mcp-session-id': 's1' }),
      'tools/call',
      { name: 'x' },
      150,
      undefined,
      clock,
    );
    await arrived;
    clock.advance(149);
    expect(clock.pending()).toBe(1);
    clock.advance(1);
    await expect(pending).rejects.toSatisfy(
      (e) => e instanceof McpError && e.code === Number(ErrorCode.RequestTimeout),
    );
  });

  it('fails cleanly when the server dies mid-answer', async () => {
    handler = (_m, req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"jsonrpc":"2.0","id":');
      setTimeout(() => req.socket.destroy(), 10);
    };
    await expect(call()).rejects.toBeInstanceOf(Error);
  });
});
