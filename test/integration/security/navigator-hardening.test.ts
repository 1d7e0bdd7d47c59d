/**
 * Issue 11's lower findings on the navigator and the mock servers, performed over HTTP: every response
 * sends CSP (`default-src`, no inline script), `frame-ancestors 'none'` + X-Frame-Options, nosniff
 * and a Referrer-Policy; the navigator's sign-in limiter is a bounded LRU per user and per client
 * address, so a flood of junk failures neither grows it without bound nor clears carol's lock-out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

function expectHardened(headers: Headers, where: string): void {
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp, where).toMatch(/default-src '(self|none)'/);
  expect(csp, where).toContain("frame-ancestors 'none'");
  const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1] ?? '';
  // No inline script at all: neither 'unsafe-inline' nor a nonce that would let one run.
  expect(script, where).not.toMatch(/unsafe-inline|nonce-/);
  expect(headers.get('x-frame-options'), where).toBe('DENY');
  expect(headers.get('x-content-type-options'), where).toBe('nosniff');
  expect(headers.get('referrer-policy'), where).toMatch(/^(same-origin|no-referrer|strict-origin)/);
}

describe('security headers on every page of the navigator and both mocks', () => {
  it('navigator: auth pages, error pages, the settings API, health and 404s', async () => {
    stack = await startStack();
    const nav = stack.navigator.url;
    const link = stack.navigator.service.activeLinkUrl('demo') ?? '';
    const targets: [string, RequestInit?][] = [
      [link],
      [`${nav}/auth?auth_link_id=nope`],
      [`${nav}/auth/callback?state=forged`],
      [`${nav}/auth/shared?ticket=forged`],
      [`${nav}/api/projects/demo`],
      [`${nav}/api/projects/demo`, { headers: { authorization: `Bearer ${stack.adminKey}` } }],
      [`${nav}/healthz`],
      [`${nav}/no-such-page`],
    ];
    for (const [url, init] of targets) {
      const res = await fetch(url, { ...init, redirect: 'manual' });
      const body = await res.text();
      expectHardened(res.headers, url);
      expect(body, url).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    }
    // The done page's script is a same-origin file (the only script the guided flow has).
    const script = await fetch(`${nav}/auth/assets/done.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('navigator-auth-complete');
  });

  it('mock Slack and Linear: consent page, metadata, token errors, health and 404s', async () => {
    stack = await startStack();
    for (const base of [stack.slack.url, stack.linear.url]) {
      const b = stack.browser();
      await b.signIn(stack.navigator.service.activeLinkUrl('demo') ?? '', 'alice');
      const consent = await b.startConnect(base === stack.slack.url ? 'slack' : 'linear');
      const targets: [string, RequestInit?][] = [
        [consent],
        [`${base}/authorize?client_id=unknown`],
        [`${base}/.well-known/oauth-authorization-server`],
        [`${base}/.well-known/oauth-protected-resource/mcp`],
        [
          `${base}/token`,
          { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=nope' },
        ],
        [`${base}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
        [`${base}/healthz`],
        [`${base}/no-such-page`],
      ];
      for (const [url, init] of targets) {
        const res = await fetch(url, { ...init, redirect: 'manual' });
        await res.arrayBuffer();
        expectHardened(res.headers, url);
      }
    }
  });
});

describe('navigator sign-in limiter', () => {
  async function signIn(s: Stack, user: string, password: string): Promise<number> {
    const b = s.browser();
    await b.open(s.navigator.service.activeLinkUrl('demo') ?? '');
    return (await b.request('/auth/sign-in', { form: { ...b.formContext(), user, password } })).status;
  }

  it("a flood of junk failures past the LRU's size does not clear carol's lock-out (the issue's 10,100-failure attack, scaled down)", async () => {
    // A small LRU (20 keys) so the flood is short; the defaults are 10,000 keys and 30 failures per address.
    stack = await startStack({ navigator: { signInLimits: { maxKeys: 20, perAddress: 10 } } });
    for (let i = 0; i < 5; i++) expect(await signIn(stack, 'carol', 'wrong')).toBe(401);
    expect(await signIn(stack, 'carol', 'carol')).toBe(429);
    // 30 junk names, more than the LRU holds: the address runs out of its own budget first, so the
    // junk never reaches the user map in numbers that could evict carol's entry.
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push(await signIn(stack, `junk${i}`, 'x'));
    expect(statuses.filter((st) => st === 401)).toHaveLength(5);
    expect(statuses.slice(5).every((st) => st === 429)).toBe(true);
    expect(await signIn(stack, 'carol', 'carol')).toBe(429);
  });

  it('one client address is stopped after its own budget of failures, whatever user names it tries', async () => {
    stack = await startStack({ navigator: { signInLimits: { perAddress: 8 } } });
    for (let i = 0; i < 8; i++) expect(await signIn(stack, `guess${i}`, 'x')).toBe(401);
    expect(await signIn(stack, 'guess-next', 'x')).toBe(429);
    // Even the right password of a user who never failed: this address is out of attempts.
    expect(await signIn(stack, 'bob', 'bob')).toBe(429);
  });

  it('unknown and known users get the same answer for a wrong password', async () => {
    stack = await startStack();
    const b = stack.browser();
    await b.open(stack.navigator.service.activeLinkUrl('demo') ?? '');
    const known = await b.request('/auth/sign-in', { form: { ...b.formContext(), user: 'alice', password: 'wrong' } });
    const unknown = await b.request('/auth/sign-in', {
      form: { ...b.formContext(), user: 'mallory', password: 'wrong' },
    });
    expect([known.status, unknown.status]).toEqual([401, 401]);
    const message = (html: string) => /class="error"[^>]*>([^<]*)</.exec(html)?.[1];
    expect(message(known.text)).toBe('Wrong user or password.');
    expect(message(unknown.text)).toBe('Wrong user or password.');
  });
});
