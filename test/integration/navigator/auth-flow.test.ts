/** The guided flow behind the link over real HTTP (B9) and its bad paths. */
import { afterEach, describe, expect, it } from 'vitest';
import { completeConsent } from '../../../kit/auth-browser.js';
import { PROJECT_OWNER } from '../../../server/navigator/store/store.js';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

function credentialCount(s: Stack): number {
  return s.navigator.testing.credentialCount();
}

describe('guided authentication flow', () => {
  it('[B9] sign in, see servers still to connect, connect each through its own OAuth page, then all done', async () => {
    stack = await startStack();
    const b = stack.browser();
    const first = await b.open(await stack.settings.authLinkUrl());
    expect(first.status).toBe(200);
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(first.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);
    expect(first.text).toContain('<label for="user">');

    const list = await b.signIn(await stack.settings.authLinkUrl(), 'alice');
    expect(list.text).toContain('Signed in as <strong>alice</strong>');
    expect(list.text).toMatch(/Slack.*Not connected/s);
    expect(list.text).toContain('2 of 2 still to connect');

    const authorize = await b.startConnect('slack');
    expect(authorize.startsWith(`${stack.slack.url}/authorize?`)).toBe(true);
    const u = new URL(authorize);
    expect(u.searchParams.get('code_challenge_method')).toBe('S256');
    expect(u.searchParams.get('redirect_uri')).toBe(`${stack.navigator.url}/auth/callback`);
    const back = await b.open(await completeConsent(authorize, { account: 'alice', decision: 'allow' }));
    expect(back.text).toMatch(/Slack.*Connected/s);
    expect(back.text).toContain('1 of 2 still to connect');

    const done = await b.connect('linear', 'alice');
    expect(done.text).toContain('All done, return to your conversation');
    // The done page tells the chat tab through its same-origin script (no inline script under the CSP).
    expect(done.text).toMatch(/<script src="\/auth\/assets\/done\.js" defer(="")?><\/script>/);
    const script = await fetch(`${stack.navigator.url}/auth/assets/done.js`).then((r) => r.text());
    expect(script).toContain("postMessage({type:'navigator-auth-complete'}");
    expect((await stack.settings.userStatus('alice')).status).toBe('fully_authenticated');
  });

  it('[B9] the link alone grants nothing: connecting needs a signed-in session and a CSRF token', async () => {
    stack = await startStack();
    const b = stack.browser();
    await b.open(await stack.settings.authLinkUrl());
    const ctx = b.formContext();
    expect((await b.request('/auth/connect/slack', { form: { ...ctx, csrf_token: 'forged' } })).status).toBe(403);
    const anon = await b.request('/auth/connect/slack', { form: ctx });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/auth\?auth_link_id=/);
    const wrongPw = await b.request('/auth/sign-in', { form: { ...ctx, user: 'alice', password: 'bob' } });
    expect(wrongPw.status).toBe(401);
    expect(wrongPw.text).toContain('Wrong user or password');
    expect(credentialCount(stack)).toBe(0);
  });

  it('rate-limits failed sign-ins per IP and user', async () => {
    stack = await startStack();
    const b = stack.browser();
    await b.open(await stack.settings.authLinkUrl());
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await b.request('/auth/sign-in', { form: { ...b.formContext(), user: 'bob', password: 'x' } })).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(
      (await b.request('/auth/sign-in', { form: { ...b.formContext(), user: 'bob', password: 'bob' } })).status,
    ).toBe(429);
    expect(
      (await b.request('/auth/sign-in', { form: { ...b.formContext(), user: 'carol', password: 'carol' } })).status,
    ).toBe(303);
  });

  it('Deny shows "you declined" with a way back and stores nothing', async () => {
    stack = await startStack();
    const b = stack.browser();
    await b.signIn(await stack.settings.authLinkUrl(), 'bob');
    const page = await b.connect('slack', 'bob', 'deny');
    expect(page.status).toBe(200);
    expect(page.text).toContain('You declined to connect Slack');
    expect(page.text).toMatch(/href="\/auth\?auth_link_id=/);
    expect(credentialCount(stack)).toBe(0);
  });

  it('a forged state or a replayed callback stores nothing and shows a clear page', async () => {
    stack = await startStack();
    const b = stack.browser();
    await b.signIn(await stack.settings.authLinkUrl(), 'alice');
    const forged = await b.request('/auth/callback?code=abc&state=forged-state');
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('Nothing was saved');
    expect(credentialCount(stack)).toBe(0);

    await b.open(await stack.settings.authLinkUrl());
    const callback = await completeConsent(await b.startConnect('slack'), { account: 'alice' });
    expect((await b.request(callback)).status).toBe(303);
    expect(credentialCount(stack)).toBe(1);
    const replay = await b.request(callback);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('already used');
    expect(credentialCount(stack)).toBe(1);
  });

  it('a callback from another browser session stores nothing, so a stolen state cannot plant credentials', async () => {
    stack = await startStack();
    const victim = stack.browser();
    await victim.signIn(await stack.settings.authLinkUrl(), 'alice');
    const callback = await completeConsent(await victim.startConnect('slack'), { account: 'carol' });
    const attacker = stack.browser();
    await attacker.signIn(await stack.settings.authLinkUrl(), 'bob');
    const r = await attacker.request(callback);
    expect(r.status).toBe(403);
    expect(credentialCount(stack)).toBe(0);
    expect(stack.navigator.testing.credentialStates(PROJECT_OWNER, 'demo').size).toBe(0);
  });

  it('an unknown, missing or disabled link gives a clear page', async () => {
    stack = await startStack();
    const b = stack.browser();
    const unknown = await b.open('/auth?auth_link_id=does-not-exist');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('This authentication link does not exist');
    expect((await b.open('/auth')).text).toContain('Open the full authentication link');
    const url = await stack.settings.authLinkUrl();
    await stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: false });
    const off = await b.open(url);
    expect(off.status).toBe(404);
    expect(off.text).toContain('this link is disabled');
  });

  it('sign-out ends the browser session', async () => {
    stack = await startStack();
    const b = stack.browser();
    await b.signIn(await stack.settings.authLinkUrl(), 'alice');
    const out = await b.request('/auth/sign-out', { form: b.formContext() });
    expect(out.status).toBe(303);
    expect((await b.open(out.headers.get('location') ?? '/')).text).toContain('Sign in to connect your accounts');
  });
});
