import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundFetch, outboundRefusal, parseHostList } from './outbound.js';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/redirect') return void res.writeHead(302, { location: '/ok' }).end();
    if (req.url === '/big')
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ pad: 'x'.repeat(4096) }));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('outbound policy', () => {
  it('allows http(s) only, without URL credentials, and only allow-listed hosts when a list is set', () => {
    expect(outboundRefusal('file:///etc/passwd', {})).toBe('is not an http(s) URL');
    expect(outboundRefusal('http://user:pw@example.com/', {})).toBe('carries credentials in the URL');
    expect(outboundRefusal('http://example.com/x', {})).toBeUndefined();
    const allowHosts = parseHostList(' Example.com, localhost:3201 ');
    expect(allowHosts).toEqual(['example.com', 'localhost:3201']);
    expect(outboundRefusal('https://example.com:8443/x', { allowHosts })).toBeUndefined();
    expect(outboundRefusal('http://localhost:3201/mcp', { allowHosts })).toBeUndefined();
    expect(outboundRefusal('http://localhost:3202/mcp', { allowHosts })).toMatch(
      /not in the navigator's outbound allow-list/,
    );
  });

  it('answers bounded bodies, follows no redirect, and says the same thing for every failure', async () => {
    const f = createOutboundFetch({ maxBytes: 1024 });
    expect(await (await f(`${base}/ok`)).json()).toEqual({ ok: true });
    await expect(f(`${base}/redirect`)).rejects.toThrow('no usable answer');
    await expect(f(`${base}/big`)).rejects.toThrow('no usable answer');
    await expect(f('http://127.0.0.1:9/closed')).rejects.toThrow('no usable answer');
    await expect(f('ftp://127.0.0.1/')).rejects.toMatchObject({ kind: 'policy' });
  });
});
