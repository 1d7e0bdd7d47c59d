/**
 * Bench child for a what-if: the cheapest possible gateway hop, a raw reverse proxy that forwards MCP
 * requests to the mock over a keep-alive agent and only rewrites `slack__{tool}` to `{tool}` in
 * tools/call. No auth, no sessions of its own, no SDK: it bounds from below what a navigator fast path
 * for proxied tools/call (pass the downstream JSON through instead of re-parsing it) could cost.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { processHandlers } from './child-common.js';
import { serveParent } from '../kit/stack/ipc.js';

const target = new URL(process.argv[2] ?? 'http://127.0.0.1:1/mcp');
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const FORWARD = ['authorization', 'content-type', 'accept', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id'];

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body = Buffer.concat(chunks);
    if (body.length > 0 && body.includes('"slack__'))
      body = Buffer.from(body.toString('utf8').replace(/"name":"slack__/, '"name":"'));
    const headers: Record<string, string> = {};
    for (const h of FORWARD) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    if (body.length > 0) headers['content-length'] = String(body.length);
    const up = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers, agent },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
    });
    up.end(body);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;

serveParent({ ...processHandlers(), url: () => `http://127.0.0.1:${port}/mcp` });
