/** The MCP endpoint's access rules: instance key, end user, session binding, DELETE, idle reaping, bad input. */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createNavigator } from '../../../server/navigator/app.js';
import { manualClock } from '../../../server/shared/clock.js';
import { listen } from '../../../server/shared/http.js';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

async function post(url: string, headers: Record<string, string>, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: (() => {
      try {
        return JSON.parse(text) as { error?: { message: string }; result?: unknown };
      } catch {
        return undefined;
      }
    })(),
    sessionId: res.headers.get('mcp-session-id'),
  };
}

async function initialize(s: Stack, user: string) {
  const r = await post(s.mcpUrl, s.mcpHeaders(user), INIT);
  expect(r.status).toBe(200);
  expect(r.sessionId).toBeTruthy();
  await post(
    s.mcpUrl,
    { ...s.mcpHeaders(user), 'mcp-session-id': r.sessionId ?? '', 'mcp-protocol-version': '2025-06-18' },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
  );
  return r.sessionId ?? '';
}

const listTools = (s: Stack, user: string, sid: string, headers: Record<string, string> = {}) =>
  post(
    s.mcpUrl,
    { ...s.mcpHeaders(user), 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18', ...headers },
    { jsonrpc: '2.0', id: 2, method: 'tools/list' },
  );

describe('navigator MCP endpoint access', () => {
  it('refuses a missing or wrong instance key with 401 and a JSON-RPC error', async () => {
    stack = await startStack();
    for (const auth of [undefined, 'Bearer wrong-key']) {
      const r = await post(
        stack.mcpUrl,
        { 'x-navigator-user': 'alice', ...(auth ? { authorization: auth } : {}) },
        INIT,
      );
      expect(r.status).toBe(401);
      expect(r.json?.error?.message).toMatch(/instance API key/);
    }
    // Unknown instances answer like a wrong key (issue 14): no probing for instance ids without a key.
    expect((await post(`${stack.navigator.url}/mcp/nope`, stack.mcpHeaders('alice'), INIT)).status).toBe(401);
  });

  it('needs a known end user', async () => {
    stack = await startStack();
    const unknown = await post(stack.mcpUrl, stack.mcpHeaders('mallory'), INIT);
    expect(unknown.status).toBe(403);
    expect(unknown.json?.error?.message).toContain("Unknown user 'mallory'");
    const missing = await post(stack.mcpUrl, { authorization: `Bearer ${stack.apiKey}` }, INIT);
    expect(missing.status).toBe(400);
    expect(missing.json?.error?.message).toContain('x-navigator-user');
  });

  it('binds a session to its user, answers 404 for unknown sessions and ends sessions on DELETE', async () => {
    stack = await startStack();
    const sid = await initialize(stack, 'alice');
    expect((await listTools(stack, 'alice', sid)).status).toBe(200);
    const asBob = await listTools(stack, 'bob', sid);
    expect(asBob.status).toBe(403);
    expect(asBob.json?.error?.message).toMatch(/another user/);
    expect((await listTools(stack, 'alice', 'no-such-session')).status).toBe(404);

    const del = await fetch(stack.mcpUrl, {
      method: 'DELETE',
      headers: { ...stack.mcpHeaders('alice'), 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' },
    });
    expect(del.status).toBe(200);
    expect((await listTools(stack, 'alice', sid)).status).toBe(404);
  });

  it('reaps idle sessions, and only idle ones', async () => {
    // Time passes on a manual clock: the sweep runs every minute for a 10-minute idle limit.
    const clock = manualClock();
    const idleMs = 10 * 60_000;
    stack = await startStack({ sessionIdleMs: idleMs, navigator: { clock } });
    const sid = await initialize(stack, 'alice');
    const other = await initialize(stack, 'bob');
    clock.advance(idleMs - 60_000);
    // A request keeps a session alive: alice's session, used now, survives another 9 minutes.
    expect((await listTools(stack, 'alice', sid)).status).toBe(200);
    clock.advance(idleMs - 60_000);
    expect((await listTools(stack, 'alice', sid)).status).toBe(200);
    // bob's session, idle for 18 minutes, was reaped.
    expect((await listTools(stack, 'bob', other)).status).toBe(404);
    clock.advance(idleMs + 60_000);
    expect((await listTools(stack, 'alice', sid)).status).toBe(404);
  });

  it('answers malformed JSON, non-initialize first requests and oversized bodies with JSON-RPC errors', async () => {
    stack = await startStack();
    const bad = await post(stack.mcpUrl, stack.mcpHeaders('alice'), '{not json');
    expect(bad.status).toBe(400);
    expect(bad.json?.error?.message).toMatch(/Parse error/);
    const noInit = await post(stack.mcpUrl, stack.mcpHeaders('alice'), { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(noInit.status).toBe(400);
    expect(noInit.json?.error?.message).toMatch(/initialize/);
    const big = await post(stack.mcpUrl, stack.mcpHeaders('alice'), { ...INIT, pad: 'x'.repeat(1_100_000) });
    expect(big.status).toBe(413);
    expect(big.json?.error).toBeDefined();
  });

  it('refuses foreign Host headers (DNS rebinding) and answers /healthz', async () => {
    stack = await startStack();
    expect((await fetch(`${stack.navigator.url}/healthz`)).status).toBe(200);
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${stack?.navigator.url}/healthz`, { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('accepts the public URL host once setPublicUrl names it, and only then', async () => {
    const nav = createNavigator({
      dbPath: ':memory:',
      encryptionKey: randomBytes(32).toString('hex'),
      adminKey: 'admin-key-for-test',
    });
    const running = await listen(nav.app);
    const statusWith = (host: string, origin?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${running.url}/healthz`, { headers: { host, ...(origin ? { origin } : {}) } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await statusWith('nav.example.test')).toBe(403);
      nav.setPublicUrl('https://Nav.Example.Test/');
      expect(await statusWith('nav.example.test:443')).toBe(200);
      expect(await statusWith('nav.example.test', 'https://nav.example.test')).toBe(200);
      expect(await statusWith('nav.example.test', 'https://evil.example')).toBe(403);
      nav.setPublicUrl('https://other.example.test');
      expect(await statusWith('nav.example.test')).toBe(403);
      expect(await statusWith('localhost:1')).toBe(200);
    } finally {
      await running.close();
      await nav.close();
    }
  });
});
