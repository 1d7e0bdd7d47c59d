/**
 * Attack 5 of issue 11, "shared credential without a session", over HTTP against the real navigator
 * and mock Linear: the settings API hands out a one-time start link; the downstream authorization is
 * bound to the browser session that opened it, so a leaked authorize or callback URL cannot be
 * finished elsewhere, the link works once, and it expires.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { completeConsent } from '../../../kit/auth-browser.js';
import { manualClock } from '../../../server/shared/clock.js';
import { startStack, type Stack } from '../../../kit/stack.js';
import { PROJECT_OWNER } from '../../../server/navigator/store/store.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const shared = (s: Stack) => ({ n: s.navigator.testing.credentialCount({ owner: PROJECT_OWNER }) });

async function startLink(s: Stack): Promise<string> {
  const body = await s.settings.startSharedCredential('linear');
  expect(body.expires_in).toBe(300);
  return body.authorize_url;
}

describe('attack 5: the shared credential is bound to the browser that started it', () => {
  it('hands out a navigator start link, not the downstream authorize URL', async () => {
    stack = await startStack({ authLevels: { linear: 'project' } });
    const url = new URL(await startLink(stack));
    expect(url.origin).toBe(new URL(stack.navigator.url).origin);
    expect(url.pathname).toBe('/auth/shared');
    expect(url.searchParams.get('ticket')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('a leaked downstream authorize URL, finished in a browser without the session cookie, stores nothing', async () => {
    stack = await startStack({ authLevels: { linear: 'project' } });
    const admin = stack.browser();
    const start = await admin.request(await startLink(stack));
    expect(start.status).toBe(303);
    expect(start.headers.get('set-cookie')).toMatch(/nav_sid=.*HttpOnly/i);
    // The attacker got the downstream URL (history, screen share) and picks their own account on it.
    const callback = await completeConsent(start.location ?? '', { account: 'alice' });
    const cookieless = await fetch(callback, { redirect: 'manual' });
    expect(cookieless.status).toBe(403);
    expect(await cookieless.text()).toContain('Different browser session');
    expect(shared(stack).n).toBe(0);
    // Nor can another browser with its own navigator session finish it.
    const other = stack.browser();
    await other.open(`${stack.navigator.url}/auth?project_id=demo`);
    const callback2 = await completeConsent((await admin.request(await startLink(stack))).location ?? '', {
      account: 'alice',
    });
    expect((await other.request(callback2)).status).toBe(403);
    expect(shared(stack).n).toBe(0);
  });

  it("the start link works once: a second use (the admin's or an attacker's) is refused, and the first browser finishes", async () => {
    stack = await startStack({ authLevels: { linear: 'project' } });
    const link = await startLink(stack);
    const first = stack.browser();
    const opened = await first.request(link);
    expect(opened.status).toBe(303);
    const second = await stack.browser().request(link);
    expect(second.status).toBe(400);
    expect(second.text).toContain('already used');
    const done = await first.request(await completeConsent(opened.location ?? '', { account: 'workspace' }));
    expect(done.status).toBe(200);
    expect(done.text).toContain('Shared credential connected');
    expect(shared(stack).n).toBe(1);
    const client = await stack.mcpClient('bob');
    expect((await client.callTool({ name: 'linear__list_teams', arguments: {} })).isError).toBeFalsy();
  });

  it('the start link expires after 5 minutes', async () => {
    const clock = manualClock();
    stack = await startStack({ authLevels: { linear: 'project' }, navigator: { clock } });
    const link = await startLink(stack);
    clock.advance(5 * 60_000 + 1_000);
    const r = await stack.browser().request(link);
    expect(r.status).toBe(400);
    expect(r.text).toContain('expired');
    expect(shared(stack).n).toBe(0);
  });
});
