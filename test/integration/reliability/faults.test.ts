/**
 * Downstream faults through the navigator's MCP endpoint: a server refusing connections, crashing
 * mid-call, hanging past the configured timeout, or answering errors. Each gives an isError tool
 * result within the bound; the other server keeps working; no sessions or sockets pile up; and the
 * same MCP session works again once the server is back.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { manualClock } from '../../../server/shared/clock.js';
import { startStack, type Stack } from '../../../kit/stack.js';
import { startFlakyProxy, type FlakyProxy } from './flaky-proxy.js';
import { mockAdmin, resultText } from './support.js';

const TIMEOUT_MS = 600;
// Manual clocks: the proxy's per-tool delays and the flaky mock's injected latency hold calls until
// advanced, and the navigator's time limit fires when its clock passes TIMEOUT_MS.
const proxyClock = manualClock();
const mockClock = manualClock();
const navClock = manualClock();
const TIMED_OUT = /did not answer within/;
let stack: Stack;
let proxy: FlakyProxy;
let flakySlack: Awaited<ReturnType<typeof startSlackServer>>;
let alice: Client;

const flaky = () =>
  alice.callTool({ name: 'call_server_tool', arguments: { server: 'flaky', tool: 'list_channels', arguments: {} } });
const linear = () => alice.callTool({ name: 'linear__list_teams', arguments: {} });

async function expectHealthy(): Promise<void> {
  const ok = await flaky();
  expect(ok.isError, resultText(ok)).toBeFalsy();
  expect(resultText(ok)).toContain('#general');
}

async function expectOtherServerWorks(): Promise<void> {
  const r = await linear();
  expect(r.isError, resultText(r)).toBeFalsy();
  expect(resultText(r)).toContain('ENG');
}

describe('downstream faults', () => {
  beforeAll(async () => {
    stack = await startStack({ downstreamTimeoutMs: TIMEOUT_MS, navigator: { clock: navClock } });
    // The proxied server is its own resource: a mock Slack whose metadata names the proxy's URL
    // (the navigator refuses metadata naming another server's resource, RFC 9728 §3.3).
    proxy = await startFlakyProxy('http://127.0.0.1:9', proxyClock);
    flakySlack = await startSlackServer({ admin: true, publicUrl: proxy.url, clock: mockClock });
    proxy.setTarget(flakySlack.url);
    const added = await stack.api('POST', '/api/projects/demo/servers', {
      name: 'flaky',
      display_name: 'Flaky Slack',
      mcp_url: `${proxy.url}/mcp`,
      auth_level: 'user',
    });
    expect(added.status, added.text).toBe(201);
    await stack.connect('alice', ['flaky', 'linear']);
    alice = await stack.mcpClient('alice');
    await expectHealthy();
  });
  afterAll(async () => {
    await proxy?.close();
    await stack?.close();
    await flakySlack?.close();
  });

  it('a server refusing connections gives a tool error at once; the other server works; it recovers when back', async () => {
    await proxy.stop();
    for (let i = 0; i < 5; i++) {
      const value = await flaky();
      expect(value.isError).toBe(true);
      expect(resultText(value)).toMatch(/^Flaky Slack is unavailable right now: .*Try again later\.$/);
      // Told by the refused connection, not by waiting out the time limit.
      expect(resultText(value)).not.toMatch(TIMED_OUT);
    }
    await expectOtherServerWorks();
    // A refused connection says nothing about the credential: the user stays connected.
    const status = (await alice.callTool({ name: 'get_authentication_link', arguments: {} })).structuredContent as {
      unauthenticated_servers: string[];
    };
    expect(status.unauthenticated_servers).not.toContain('flaky');
    await proxy.start();
    await expectHealthy();
  });

  it('a server crashing mid-call gives a tool error within the bound, and later calls work again', async () => {
    proxy.mode = 'crash';
    const before = proxy.toolCalls;
    for (let i = 0; i < 5; i++) {
      const value = await flaky();
      expect(value.isError).toBe(true);
      expect(resultText(value)).toMatch(/^Flaky Slack (is unavailable right now|returned an error)/);
      // Told by the dead socket, not by waiting out the time limit.
      expect(resultText(value)).not.toMatch(TIMED_OUT);
    }
    expect(proxy.toolCalls - before).toBeGreaterThanOrEqual(5);
    await expectOtherServerWorks();
    proxy.mode = 'pass';
    await expectHealthy();
    // Crashed sockets are gone; idle keep-alive ones close after the proxy's short keep-alive timeout.
    await expect.poll(() => proxy.openSockets(), { timeout: 5_000, interval: 100 }).toBeLessThanOrEqual(1);
  });

  it('a hanging server gives a timeout tool error within the configured limit and leaves no sockets behind', async () => {
    // The mock's clock does not move while the calls run: only the navigator's time limit ends them.
    await mockAdmin(flakySlack.url, '/admin/faults', { latencyMs: 2_500 }, 'PUT');
    const idle = mockClock.pending();
    const calls = Array.from({ length: 4 }, () => flaky());
    await mockClock.whenPending(idle + 4);
    // Linear is a different server: its calls are not stuck behind Slack's, which hang right now.
    const other = await linear();
    expect(other.isError, resultText(other)).toBeFalsy();
    navClock.advance(TIMEOUT_MS);
    for (const value of await Promise.all(calls)) {
      expect(value.isError).toBe(true);
      expect(resultText(value)).toBe(
        `Flaky Slack is unavailable right now: it did not answer within ${TIMEOUT_MS} ms. Try again later.`,
      );
    }
    mockClock.advance(2_500);
    await mockAdmin(flakySlack.url, '/admin/faults', {}, 'DELETE');
    await expectHealthy();
    // The abandoned requests (and their cancel notices) finish once the mock answers; none stays open.
    await expect.poll(() => proxy.openSockets(), { timeout: 10_000, interval: 50 }).toBeLessThanOrEqual(1);
  });

  it("one call timing out does not break the user's other calls in flight on the same server", async () => {
    // The proxy holds both calls until its clock moves. The fast call starts 450 ms (navigator time) after the slow one.
    proxy.delays.set('search_messages', 2_000);
    proxy.delays.set('read_channel', 250);
    try {
      const call = (tool: string, args: Record<string, unknown>) =>
        alice.callTool({ name: 'call_server_tool', arguments: { server: 'flaky', tool, arguments: args } });
      const idle = proxyClock.pending();
      const slow = call('search_messages', { query: 'deploy' });
      await proxyClock.whenPending(idle + 1);
      navClock.advance(TIMEOUT_MS - 150);
      const fast = call('read_channel', { channel: 'general' });
      await proxyClock.whenPending(idle + 2);
      // The slow call times out while the fast one is still in flight on the same server...
      navClock.advance(150);
      expect(resultText(await slow)).toContain(`did not answer within ${TIMEOUT_MS} ms`);
      // ...which then gets its answer.
      proxyClock.advance(250);
      const f = await fast;
      expect(f.isError, resultText(f)).toBeFalsy();
      proxyClock.advance(2_000);
    } finally {
      proxy.delays.clear();
    }
  });

  it('a server answering errors (HTTP 500 JSON-RPC errors, 503 down) gives tool errors; the credential stays valid', async () => {
    await mockAdmin(flakySlack.url, '/admin/faults', { errorRate: 1 }, 'PUT');
    const r = await flaky();
    expect(r.isError).toBe(true);
    expect(resultText(r)).toMatch(/^Flaky Slack (returned an error|is unavailable right now)/);
    await mockAdmin(flakySlack.url, '/admin/faults', { errorRate: 0, down: true }, 'PUT');
    const down = await flaky();
    expect(down.isError).toBe(true);
    expect(resultText(down)).toMatch(/^Flaky Slack is unavailable right now: it answered HTTP 503/);
    await expectOtherServerWorks();
    await mockAdmin(flakySlack.url, '/admin/faults', {}, 'DELETE');
    await expectHealthy();
    const flakyId = stack.navigator.testing.server('demo', 'flaky')?.id ?? -1;
    expect(stack.navigator.testing.credential('alice', flakyId)?.status).toBe('valid');
  });

  it('after all faults: one navigator session, a bounded number of downstream sessions, navigator healthy', async () => {
    const health = (await (await fetch(`${stack.navigator.url}/healthz`)).json()) as { ok: boolean; sessions: number };
    expect(health).toEqual({ ok: true, sessions: 1 });
    const state = (await mockAdmin(flakySlack.url, '/admin/state', undefined, 'GET')) as { sessions: number };
    // Each fault may cost one reconnect; sessions must not grow with the number of failed calls (20+).
    expect(state.sessions).toBeLessThanOrEqual(6);
  });
});
