/**
 * The lane (served before Express) on a real navigator over HTTP: it answers tools/list on an
 * established session, hands the other requests whose body it read to the SDK transport, and leaves
 * refusals to Express, which answers them as before.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNavigator } from '../app.js';
import type { RunningNavigator } from '../app.js';

const KEY = 'nav_lane_test_key';
let nav: RunningNavigator;
let path: string;

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw POST (node:http, so Host can be set) with Content-Length framing. */
function post(headers: Record<string, string>, body: string, url = path): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${nav.url}${url}`,
      { method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const base = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  authorization: `Bearer ${KEY}`,
  'x-navigator-user': 'alice',
};
let session: Record<string, string>;
const list = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' });

beforeAll(async () => {
  nav = await startNavigator({
    dbPath: ':memory:',
    encryptionKey: randomBytes(32).toString('hex'),
    adminKey: 'admin-key-for-test',
    seed: {
      project: { id: 'p', name: 'P' },
      servers: [{ name: 'slack', display_name: 'Slack', mcp_url: 'http://127.0.0.1:9/mcp', auth_level: 'user' }],
      instances: [{ id: 'demo', name: 'Demo', api_key: KEY, in_chat_auth: true }],
      users: [
        { id: 'alice', password: 'alice' },
        { id: 'bob', password: 'bob' },
      ],
    },
  });
  path = '/mcp/demo';
  const init = await post(
    base,
    JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    }),
  );
  expect(init.status).toBe(200);
  session = { ...base, 'mcp-session-id': String(init.headers['mcp-session-id']), 'mcp-protocol-version': '2025-06-18' };
  expect((await post(session, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }))).status).toBe(
    202,
  );
});

afterAll(async () => {
  await nav.close();
});

describe('MCP lane', () => {
  it('answers tools/list on an established session, also at the path with a trailing slash', async () => {
    for (const url of [path, `${path}/`]) {
      const r = await post(session, list, url);
      expect(r.status).toBe(200);
      expect(r.headers['mcp-session-id']).toBe(session['mcp-session-id']);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      const names = (JSON.parse(r.body) as { id: number; result: { tools: { name: string }[] } }).result.tools.map(
        (t) => t.name,
      );
      expect(names).toContain('get_authentication_link');
      expect(JSON.parse(r.body)).toMatchObject({ jsonrpc: '2.0', id: 7 });
    }
  });

  it('hands requests it read the body of to the SDK transport: ping, batches, notifications', async () => {
    const ping = await post(session, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping' }));
    expect(ping.status).toBe(200);
    expect(JSON.parse(ping.body)).toEqual({ jsonrpc: '2.0', id: 3, result: {} });
    const batch = await post(session, `[${list}]`);
    expect(batch.status).toBe(200);
    // The SDK answers a one-message batch with the bare response in JSON mode.
    const answered: unknown = JSON.parse(batch.body);
    expect(Array.isArray(answered) ? answered[0] : answered).toMatchObject({
      id: 7,
      result: { tools: expect.any(Array) as unknown },
    });
    expect(
      (
        await post(
          session,
          JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 99 } }),
        )
      ).status,
    ).toBe(202);
  });

  it('leaves refusals to the router: bad JSON, oversized bodies, wrong key or user, foreign Host or Origin', async () => {
    const bad = await post(session, '{"jsonrpc":');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ error: { code: -32700 } });
    const big = await post(
      session,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 4,
        method: 'tools/call',
        params: { name: 'x', arguments: { pad: 'x'.repeat(1_100_000) } },
      }),
    );
    expect(big.status).toBe(413);
    expect((await post({ ...session, authorization: 'Bearer wrong-key' }, list)).status).toBe(401);
    expect((await post({ ...session, 'x-navigator-user': 'bob' }, list)).status).toBe(403);
    const host = await post({ ...session, host: 'evil.example' }, list);
    expect(host.status).toBe(403);
    expect(JSON.parse(host.body)).toMatchObject({ error: { code: 'forbidden' } });
    expect((await post({ ...session, origin: 'http://evil.example' }, list)).status).toBe(403);
    expect((await post({ ...session, 'mcp-session-id': 'no-such-session' }, list)).status).toBe(404);
    expect((await post(session, list, '/mcp/other')).status).toBe(401);
    // The session still works after all of that.
    expect((await post(session, list)).status).toBe(200);
  });
});
