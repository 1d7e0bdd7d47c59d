/** Downstream behavior through the navigator: expiry and refresh (B16), outages and timeouts, and no token leaks. */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../server/shared/clock.js';
import { AuthLinkResult, failureCodeOf } from '../../../server/shared/contracts.js';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const text = (r: unknown) =>
  ((r as { content?: { text?: string }[] }).content ?? []).map((x) => x.text ?? '').join('\n');
async function admin(base: string, path: string, body: unknown, method = 'POST') {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(200);
}
async function status(c: Client) {
  return AuthLinkResult.parse((await c.callTool({ name: 'get_authentication_link', arguments: {} })).structuredContent);
}

/** Collects every token the navigator holds for alice, and every text it showed to anyone. */
class LeakScan {
  tokens = new Set<string>();
  shown: string[] = [];
  constructor(private readonly s: Stack) {}
  snapshot(user = 'alice') {
    for (const server of this.s.navigator.testing.servers('demo')) {
      const c = this.s.navigator.testing.credential(user, server.id);
      if (c) {
        this.tokens.add(c.accessToken);
        if (c.refreshToken) this.tokens.add(c.refreshToken);
      }
    }
  }
  see(value: unknown) {
    this.shown.push(typeof value === 'string' ? value : JSON.stringify(value));
    this.snapshot();
  }
  assertClean() {
    expect(this.tokens.size).toBeGreaterThan(1);
    for (const t of this.tokens) for (const shown of this.shown) expect(shown.includes(t)).toBe(false);
  }
}

describe('downstream calls', () => {
  it('[B16] an expired access token is refreshed once (rotating) and the call succeeds', async () => {
    stack = await startStack();
    await stack.connect('alice', ['slack']);
    const slackId = stack.navigator.testing.server('demo', 'slack')?.id ?? 0;
    const before = stack.navigator.testing.credential('alice', slackId);
    const c = await stack.mcpClient('alice');
    expect((await c.callTool({ name: 'slack__list_channels', arguments: {} })).isError).toBeFalsy();
    await admin(stack.slack.url, '/admin/tokens/expire', { account: 'alice' });
    const r = await c.callTool({ name: 'slack__list_channels', arguments: {} });
    expect(r.isError).toBeFalsy();
    const after = stack.navigator.testing.credential('alice', slackId);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect((await status(c)).unauthenticated_servers).toEqual(['linear']);
  });

  it('[B16] short-lived tokens are renewed before use', async () => {
    // The mocks' clock moves past the token's lifetime: the mock refuses the token the navigator holds.
    const mockClock = manualClock();
    stack = await startStack({ tokenLifetimeSeconds: 1, mockClock });
    await stack.connect('alice', ['slack']);
    const c = await stack.mcpClient('alice');
    mockClock.advance(1_200);
    expect((await c.callTool({ name: 'slack__list_channels', arguments: {} })).isError).toBeFalsy();
  });

  it('[B16] a revoked credential turns the server back into not authenticated, and the tool error says what to do', async () => {
    const logLines: string[] = [];
    stack = await startStack({ navigator: { log: (line) => logLines.push(line) } });
    const scan = new LeakScan(stack);
    await stack.connect('alice', ['slack', 'linear']);
    scan.snapshot();
    const c = await stack.mcpClient('alice');
    scan.see(await c.callTool({ name: 'slack__read_direct_messages', arguments: {} }));
    expect((await status(c)).status).toBe('fully_authenticated');

    await admin(stack.slack.url, '/admin/tokens/revoke', { account: 'alice' });
    const r = await c.callTool({ name: 'slack__read_direct_messages', arguments: {} });
    scan.see(r);
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/Slack connection expired or was revoked.*get_authentication_link/);
    // The stable code programs switch on (contracts.ts FailureCode), beside the text for the model.
    expect(failureCodeOf(r)).toBe('expired');
    const s = await status(c);
    scan.see(s);
    expect(s.status).toBe('authentication_needed');
    expect(s.unauthenticated_servers).toEqual(['slack']);
    expect(s.servers.find((x) => x.name === 'slack')?.state).toBe('expired');

    await admin(stack.linear.url, '/admin/tokens/revoke', { account: 'alice' });
    const s2 = await status(c);
    scan.see(s2);
    expect(s2.unauthenticated_servers).toEqual(['slack', 'linear']);

    await stack.connect('alice', ['slack']);
    scan.snapshot();
    const again = await c.callTool({ name: 'slack__read_direct_messages', arguments: {} });
    scan.see(again);
    expect(again.isError).toBeFalsy();
    scan.see((await stack.api('GET', '/api/projects/demo/users/alice/status')).text);
    scan.see((await stack.api('GET', '/api/projects/demo')).text);
    // The navigator's log lines are shown to operators: no token may appear there either.
    expect(logLines.some((l) => l.includes('marked invalid'))).toBe(true);
    scan.see(logLines.join('\n'));
    scan.assertClean();
  });

  it('[B16] a slow server holds get_authentication_link up no longer than the verification budget, and keeps its state', async () => {
    // Both clocks are manual: Slack holds the ping until its clock moves, the budget (2 s) runs on the navigator's.
    const clock = manualClock();
    const mockClock = manualClock();
    stack = await startStack({ downstreamTimeoutMs: 10_000, mockClock, navigator: { clock } });
    await stack.connect('alice', ['slack']);
    const c = await stack.mcpClient('alice');
    expect((await status(c)).unauthenticated_servers).toEqual(['linear']);
    await admin(stack.slack.url, '/admin/faults', { latencyMs: 4_000 }, 'PUT');
    const idle = mockClock.pending();
    let answered = false;
    const pending = status(c).then((s) => ((answered = true), s));
    await mockClock.whenPending(idle + 1);
    clock.advance(1_999);
    expect(answered).toBe(false);
    clock.advance(1);
    const s = await pending;
    expect(s.unauthenticated_servers).toEqual(['linear']);
    // Slack answers late; its state was kept.
    mockClock.advance(4_000);
    await admin(stack.slack.url, '/admin/faults', {}, 'DELETE');
    expect((await status(c)).unauthenticated_servers).toEqual(['linear']);
  });

  it('a server that is down gives a clear tool error; the navigator stays up and the credential stays valid', async () => {
    stack = await startStack();
    await stack.connect('alice', ['slack']);
    const c = await stack.mcpClient('alice');
    await admin(stack.slack.url, '/admin/faults', { down: true }, 'PUT');
    const r = await c.callTool({ name: 'slack__list_channels', arguments: {} });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/Slack is unavailable right now/);
    expect((await fetch(`${stack.navigator.url}/healthz`)).status).toBe(200);
    expect((await status(c)).unauthenticated_servers).toEqual(['linear']);
    await admin(stack.slack.url, '/admin/faults', {}, 'DELETE');
    expect((await c.callTool({ name: 'slack__list_channels', arguments: {} })).isError).toBeFalsy();
  });

  it('a slow server gives a timeout tool error within the configured limit', async () => {
    // Slack's clock never moves, so its answer never comes: only the navigator's 400 ms limit ends the call.
    const clock = manualClock();
    const mockClock = manualClock();
    stack = await startStack({ downstreamTimeoutMs: 400, mockClock, navigator: { clock } });
    await stack.connect('alice', ['slack']);
    const c = await stack.mcpClient('alice');
    expect((await c.callTool({ name: 'slack__list_channels', arguments: {} })).isError).toBeFalsy();
    await admin(stack.slack.url, '/admin/faults', { latencyMs: 3_000 }, 'PUT');
    const idle = mockClock.pending();
    let answered = false;
    const call = c.callTool({ name: 'slack__list_channels', arguments: {} }).then((r) => ((answered = true), r));
    await mockClock.whenPending(idle + 1);
    clock.advance(399);
    expect(answered).toBe(false);
    clock.advance(1);
    const r = await call;
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/did not answer within 400 ms/);
    // Let Slack answer and drop the fault, so closing the stack does not wait on a held DELETE.
    mockClock.advance(3_000);
    await admin(stack.slack.url, '/admin/faults', {}, 'DELETE');
  });

  it('a server answering errors gives a clear tool error', async () => {
    stack = await startStack();
    await stack.connect('alice', ['linear']);
    const c = await stack.mcpClient('alice');
    await admin(stack.linear.url, '/admin/faults', { errorRate: 1 }, 'PUT');
    const r = await c.callTool({ name: 'linear__list_teams', arguments: {} });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/^Linear (returned an error|is unavailable)/);
  });

  it('reuses one downstream session per user and server across calls', async () => {
    stack = await startStack();
    await stack.connect('alice', ['slack']);
    const c = await stack.mcpClient('alice');
    for (let i = 0; i < 20; i++)
      expect((await c.callTool({ name: 'slack__list_channels', arguments: {} })).isError).toBeFalsy();
    const state = (await (await fetch(`${stack.slack.url}/admin/state`)).json()) as { sessions: number };
    expect(state.sessions).toBe(1);
  });
});
