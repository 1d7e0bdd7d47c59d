/**
 * The guided flow's bad paths over real HTTP (B9): an error reported by the OAuth server, a failed
 * token exchange, a server whose OAuth cannot be set up, Deny and a disabled link. Each must show a
 * clear page, store nothing, and offer a way on that actually works.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { completeConsent, type AuthBrowser } from '../../../kit/auth-browser.js';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

function credentialCount(s: Stack): number {
  return s.navigator.testing.credentialCount();
}
/** Follows the page's "way on" button and returns where it leads. */
async function followBack(b: AuthBrowser, html: string) {
  const href = html.match(/<a class="button" href="([^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
  expect(href, 'the page offers a way on').toBeDefined();
  return b.open(href ?? '/');
}

describe('guided authentication flow: bad paths', () => {
  it('[B9] an error from the OAuth server (error=server_error) is shown escaped, stores nothing, and leads back to a working Connect', async () => {
    stack = await startStack();
    const b = stack.browser();
    await b.signIn(await stack.settings.authLinkUrl(), 'alice');
    const state = new URL(await b.startConnect('slack')).searchParams.get('state') ?? '';
    // The mock advertises RFC 9207, so an authentic error answer names its issuer.
    const iss = encodeURIComponent(new URL(stack.slack.url).href);
    const r = await b.request(
      `/auth/callback?state=${encodeURIComponent(state)}&iss=${iss}&error=server_error&error_description=${encodeURIComponent('<b>database down</b>')}`,
    );
    expect(r.status).toBe(502);
    expect(r.text).toContain('Slack reported an error: &lt;b&gt;database down&lt;/b&gt;. Nothing was saved.');
    expect(r.text).not.toContain('<b>database down');
    expect(credentialCount(stack)).toBe(0);

    const back = await followBack(b, r.text);
    expect(back.status).toBe(200);
    expect(back.text).toMatch(/Slack.*Not connected/s);
    expect((await b.connect('slack', 'alice')).text).toMatch(/Slack.*Connected/s);
    expect(credentialCount(stack)).toBe(1);
  });

  it('[B9] a failed token exchange (code refused by the token endpoint) shows a clear page, stores nothing, and the state cannot be reused', async () => {
    stack = await startStack();
    const b = stack.browser();
    await b.signIn(await stack.settings.authLinkUrl(), 'bob');
    const callback = new URL(await completeConsent(await b.startConnect('linear'), { account: 'bob' }));
    callback.searchParams.set('code', `${callback.searchParams.get('code') ?? ''}x`);
    const r = await b.request(callback.toString());
    expect(r.status).toBe(502);
    expect(r.text).toMatch(/Linear did not complete the sign-in \(.*invalid_grant.*\)\. Nothing was saved\./);
    expect(credentialCount(stack)).toBe(0);
    expect((await b.request(callback.toString())).status).toBe(400);
    expect((await followBack(b, r.text)).text).toMatch(/Linear.*Not connected/s);
  });

  it('[B9] Connect on a server whose OAuth metadata cannot be reached explains it and leads back', async () => {
    stack = await startStack();
    // Like a seeded server whose host is down: seeding never contacts the servers, Connect does.
    stack.navigator.testing.addServer('demo', {
      name: 'jira',
      displayName: 'Jira',
      mcpUrl: 'http://127.0.0.1:9/mcp',
      authLevel: 'user',
    });
    const b = stack.browser();
    await b.signIn(await stack.settings.authLinkUrl(), 'carol');
    const r = await b.request('/auth/connect/jira', { form: b.formContext() });
    expect(r.status).toBe(502);
    expect(r.text).toMatch(/Jira cannot be connected right now: no usable OAuth protected-resource metadata/);
    const back = await followBack(b, r.text);
    expect(back.text).toMatch(/Jira.*Not connected/s);
    expect((await b.connect('slack', 'carol')).text).toMatch(/Slack.*Connected/s);
  });

  it('[B9] Deny leads back to the list, where the server can still be connected', async () => {
    stack = await startStack();
    const b = stack.browser();
    await b.signIn(await stack.settings.authLinkUrl(), 'bob');
    const denied = await b.connect('slack', 'bob', 'deny');
    expect(denied.text).toContain('You declined to connect Slack');
    expect(credentialCount(stack)).toBe(0);
    expect((await followBack(b, denied.text)).text).toContain('2 of 2 still to connect');
    expect((await b.connect('slack', 'bob')).text).toContain('1 of 2 still to connect');
  });

  it("[B9] a disabled link says so and leads on to the project's connections page, where connecting still works", async () => {
    stack = await startStack();
    const url = await stack.settings.authLinkUrl();
    await stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: false });
    const b = stack.browser();
    const off = await b.open(url);
    expect(off.status).toBe(404);
    expect(off.text).toContain('this link is disabled');
    const on = await followBack(b, off.text);
    expect(on.status).toBe(200);
    expect(on.text).toContain('Sign in to connect your accounts');
    await b.signIn('/auth?project_id=demo', 'alice');
    expect((await b.connect('linear', 'alice')).text).toMatch(/Linear.*Connected/s);
    expect(credentialCount(stack)).toBe(1);
  });

  it('every form refuses a forged CSRF token, and an incomplete sign-in form gets the form back, not a 500', async () => {
    stack = await startStack();
    const b = stack.browser();
    await b.open(await stack.settings.authLinkUrl());
    const ctx = b.formContext();
    const forged = await b.request('/auth/sign-in', {
      form: { ...ctx, csrf_token: 'forged', user: 'alice', password: 'alice' },
    });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Open the link again');
    const partial = await b.request('/auth/sign-in', { form: ctx });
    expect(partial.status).toBe(400);
    expect(partial.text).toContain('Enter your user name and password.');
    expect(partial.text).toMatch(/<form[^>]*action="\/auth\/sign-in"[^>]*method="post"/);
    await b.signIn(await stack.settings.authLinkUrl(), 'alice');
    expect((await b.request('/auth/sign-out', { form: { ...b.formContext(), csrf_token: 'forged' } })).status).toBe(
      403,
    );
    expect((await b.open(await stack.settings.authLinkUrl())).text).toContain('Signed in as <strong>alice</strong>');
  });

  it('[B9] unknown links and unknown states say what to do next', async () => {
    stack = await startStack();
    const b = stack.browser();
    expect((await b.open('/auth?auth_link_id=nope')).text).toContain('Ask your assistant for a new one');
    const forged = await b.request('/auth/callback?state=forged&code=x');
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('Start again from your authentication link');
    const noState = await b.request('/auth/callback?error=access_denied');
    expect(noState.status).toBe(400);
    expect(credentialCount(stack)).toBe(0);
  });
});
