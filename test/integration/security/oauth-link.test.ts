/**
 * The auth link and the navigator's OAuth client: the link alone grants nothing; credentials go only
 * to the user signed in on the auth page; `state` is random, server-side, bound to that sign-in,
 * single-use and short-lived; PKCE S256; exact redirect-URI match; a replayed code or a forged state
 * stores nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { completeConsent } from '../../../kit/auth-browser.js';
import { manualClock } from '../../../server/shared/clock.js';
import { startStack, type Stack } from '../../../kit/stack.js';
import { rawRequest } from './raw-http.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const link = (s: Stack) => s.navigator.service.activeLinkUrl('demo') ?? '';
const credentials = (s: Stack) =>
  s.navigator.testing.credentialRows().map(({ owner, serverId, updatedAt }) => ({ owner, serverId, updatedAt }));

/** Signs `user` in on the link and returns the downstream authorize URL for `server`. */
async function startConnect(s: Stack, user: string, server = 'slack') {
  const b = s.browser();
  await b.signIn(link(s), user);
  return { browser: b, authorize: await b.startConnect(server) };
}

describe('the auth link and OAuth state', () => {
  it('the link alone grants nothing: anonymous visitors get a sign-in page and cannot start a connection', async () => {
    stack = await startStack();
    const b = stack.browser();
    const page = await b.open(link(stack));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sign in to connect your accounts');
    expect(page.text).not.toMatch(/\/authorize\?/);
    const r = await b.request('/auth/connect/slack', { form: b.formContext() });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(new URL(link(stack)).pathname + new URL(link(stack)).search);
    // Guessing other auth_link_ids gets nothing either.
    expect((await b.open('/auth?auth_link_id=AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect(credentials(stack)).toEqual([]);
  });

  it('credentials are stored only for the user signed in on the auth page, whatever account they pick downstream', async () => {
    stack = await startStack();
    const { browser, authorize } = await startConnect(stack, 'bob');
    await browser.open(await completeConsent(authorize, { account: 'alice' }));
    expect(credentials(stack).map((c) => c.owner)).toEqual(['bob']);
  });

  it('state is random, opaque and single-use; a replayed callback (code + state) stores nothing', async () => {
    stack = await startStack();
    const states = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { authorize } = await startConnect(stack, 'alice');
      const state = new URL(authorize).searchParams.get('state') ?? '';
      expect(state).toMatch(/^[A-Za-z0-9_-]{43,}$/); // >= 256 bits, base64url
      expect(state).not.toMatch(/alice|slack|demo/i);
      expect(() => JSON.parse(Buffer.from(state, 'base64url').toString('utf8')) as unknown).toThrow();
      states.add(state);
    }
    expect(states.size).toBe(5);

    const { browser, authorize } = await startConnect(stack, 'carol');
    const callback = await completeConsent(authorize, { account: 'carol' });
    expect((await browser.request(callback)).status).toBe(303);
    const stored = credentials(stack);
    expect(stored.map((c) => c.owner)).toEqual(['carol']);
    await stack.api('DELETE', '/api/projects/demo/users/carol/credentials/slack');
    const replay = await browser.request(callback);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('Nothing was saved');
    expect(credentials(stack)).toEqual([]);
  });

  it('state is bound to the browser session that signed in: the callback in another browser stores nothing', async () => {
    stack = await startStack();
    const { authorize } = await startConnect(stack, 'alice');
    const callback = await completeConsent(authorize, { account: 'alice' });
    const mallory = stack.browser();
    await mallory.signIn(link(stack), 'bob');
    const r = await mallory.request(callback);
    expect(r.status).toBe(403);
    expect(credentials(stack)).toEqual([]);
    // And without any session at all.
    expect((await rawRequest(callback)).status).toBeGreaterThanOrEqual(400);
    expect(credentials(stack)).toEqual([]);
  });

  it('state is short-lived: a callback after 10 minutes stores nothing', async () => {
    const clock = manualClock();
    stack = await startStack({ navigator: { clock } });
    const { browser, authorize } = await startConnect(stack, 'alice');
    const callback = await completeConsent(authorize, { account: 'alice' });
    clock.advance(10 * 60_000 + 1_000);
    const r = await browser.request(callback);
    expect(r.status).toBe(400);
    expect(credentials(stack)).toEqual([]);
  });

  it('a forged state, or a real code with a forged state, stores nothing', async () => {
    stack = await startStack();
    const { browser, authorize } = await startConnect(stack, 'alice');
    const callback = new URL(await completeConsent(authorize, { account: 'alice' }));
    const real = callback.searchParams.get('state') ?? '';
    const oneCharOff = real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A');
    for (const state of ['forged', oneCharOff, '']) {
      const forged = new URL(callback);
      forged.searchParams.set('state', state);
      expect((await browser.request(forged.href)).status).toBe(400);
    }
    expect(credentials(stack)).toEqual([]);
  });

  it('PKCE S256: the authorize request carries an S256 challenge and the code is useless without the verifier', async () => {
    stack = await startStack();
    const { browser, authorize } = await startConnect(stack, 'alice');
    const u = new URL(authorize);
    expect(u.searchParams.get('code_challenge_method')).toBe('S256');
    expect(u.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const callback = new URL(await completeConsent(authorize, { account: 'alice' }));
    // Someone who intercepted the code cannot redeem it without the navigator's verifier.
    const oauth = stack.navigator.testing.server('demo', 'slack')?.oauth;
    const stolen = await fetch(`${stack.slack.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        code_verifier: 'x'.repeat(43),
        redirect_uri: oauth?.redirect_uri ?? '',
        client_id: oauth?.client_id ?? '',
        client_secret: oauth?.client_secret ?? '',
      }),
    });
    expect(stolen.status).toBe(400);
    expect(((await stolen.json()) as { error: string }).error).toBe('invalid_grant');
    void browser;
  });

  it('exact redirect-URI match: any other redirect_uri gets an error page and no redirect', async () => {
    stack = await startStack();
    const { authorize } = await startConnect(stack, 'alice');
    const registered = new URL(authorize).searchParams.get('redirect_uri') ?? '';
    expect(registered).toBe(`${stack.navigator.url}/auth/callback`);
    const port = new URL(registered).port;
    for (const other of [
      `${registered}/`,
      `${registered}x`,
      `${registered}?x=1`,
      registered.replace('127.0.0.1', 'localhost'),
      registered.replace(`:${port}`, `:${Number(port) + 1}`),
      'https://evil.example/auth/callback',
    ]) {
      const u = new URL(authorize);
      u.searchParams.set('redirect_uri', other);
      const r = await rawRequest(u.href);
      expect(r.status, other).toBe(400);
      expect(r.headers.location, other).toBeUndefined();
    }
  });
});
