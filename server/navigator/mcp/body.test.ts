/** The lane's one JSON body reader, over real HTTP. */
import { Agent, createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlainJson, readJsonBody } from './body.js';

let server: Server;
let port = 0;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  server = createServer((req, res) => {
    if (!isPlainJson(req)) return void res.end(JSON.stringify({ plain: false }));
    void readJsonBody(req, 100).then((r) => res.end(JSON.stringify(r)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  agent.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function post(body: string, type = 'application/json', extra: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        agent,
        headers: { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra },
      },
      (res) => {
        let t = '';
        res.on('data', (c: Buffer) => (t += c.toString()));
        res.on('end', () => resolve(JSON.parse(t)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('readJsonBody', () => {
  it('parses plain JSON objects and arrays', async () => {
    expect(await post('{"a":1}')).toEqual({ ok: true, body: { a: 1 } });
    expect(await post('[1]', 'application/json; charset=utf-8')).toEqual({ ok: true, body: [1] });
  });

  it("gives body-parser's results for an empty body and a leading byte order mark", async () => {
    expect(await post('')).toEqual({ ok: true, body: {} });
    expect(await post('\ufeff{"a":1}')).toEqual({ ok: true, body: { a: 1 } });
  });

  it('refuses malformed or non-object JSON with 400 and bodies over the limit with 413, on a connection that stays usable', async () => {
    expect(await post('{"a":')).toMatchObject({ ok: false, status: 400, parseError: true });
    expect(await post('"text"')).toMatchObject({ ok: false, status: 400, parseError: true });
    expect(await post(`{"a":"${'x'.repeat(200)}"}`)).toMatchObject({ ok: false, status: 413 });
    expect(await post('{"after":true}')).toEqual({ ok: true, body: { after: true } });
  });

  it('leaves other charsets, types and compressed bodies to body-parser', async () => {
    expect(await post('{}', 'application/json; charset=latin1')).toEqual({ plain: false });
    expect(await post('{}', 'text/plain')).toEqual({ plain: false });
    expect(await post('{}', 'application/json', { 'content-encoding': 'gzip' })).toEqual({ plain: false });
  });
});
