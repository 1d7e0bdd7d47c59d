/**
 * Browser-facing protections: a CSRF token on every form (navigator auth pages and the mocks' consent
 * page) and refusal without it; session cookies httpOnly, SameSite=Lax and signed (a tampered cookie
 * is no session); auth and consent pages refuse framing; sign-in is rate-limited (navigator auth page
 * and the agent's chat sign-in).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../../kit/stack.js';
import { startChatStack } from '../reliability/support.js';
import { forms } from '../../../kit/html-forms.js';
import { rawRequest } from './raw-http.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startChatStack();
});
afterAll(async () => {
  await stack?.close();
});

const link = () => stack.navigator.service.activeLinkUrl('demo') ?? '';
const credentialCount = () => stack.navigator.testing.credentialCount();

function expectNoFraming(headers: Headers | Record<string, unknown>, where: string): void {
  const get = (k: string) => String(headers instanceof Headers ? headers.get(k) : headers[k]);
  expect(get('x-frame-options'), where).toBe('DENY');
  expect(get('content-security-policy'), where).toContain("frame-ancestors 'none'");
}

describe('web protections', () => {
  it('every form of the auth pages carries a CSRF token; without it (or with a wrong one) nothing happens', async () => {
    const b = stack.browser();
    const signInPage = await b.open(link());
    const pages = [signInPage.text];
    const signedIn = await b.signIn(link(), 'alice');
    pages.push(signedIn.text);
    const seen = new Set<string>();
    for (const html of pages) {
      for (const f of forms(html)) {
        seen.add(f.action.startsWith('/auth/connect/') ? '/auth/connect/:server' : f.action);
        expect(f.hidden.csrf_token, f.action).toMatch(/^[A-Za-z0-9_-]{32,}$/);
      }
    }
    expect([...seen].sort()).toEqual(['/auth/connect/:server', '/auth/sign-in', '/auth/sign-out']);
    const ctx = b.formContext();
    for (const csrf of [undefined, 'forged', `${ctx.csrf_token}x`]) {
      const form = { ...ctx, ...(csrf === undefined ? {} : { csrf_token: csrf }) };
      if (csrf === undefined) delete (form as Record<string, string | undefined>).csrf_token;
      expect((await b.request('/auth/connect/slack', { form })).status).toBe(403);
      expect((await b.request('/auth/sign-out', { form })).status).toBe(403);
      expect((await b.request('/auth/sign-in', { form: { ...form, user: 'bob', password: 'bob' } })).status).toBe(403);
    }
    // Still signed in as alice, nothing connected.
    expect((await b.open(link())).text).toContain('Signed in as <strong>alice</strong>');
    expect(credentialCount()).toBe(0);
  });

  it("the mock consent page's form carries a CSRF token bound to a cookie; a forged decision gets 403 and no code", async () => {
    const b = stack.browser();
    await b.signIn(link(), 'bob');
    const authorize = await b.startConnect('linear');
    const page = await fetch(authorize, { redirect: 'manual' });
    const html = await page.text();
    expectNoFraming(page.headers, 'consent page');
    const [form] = forms(html);
    expect(form?.hidden.csrf_token).toMatch(/^.{20,}$/);
    const requestId = form?.hidden.request_id ?? '';
    const csrf = form?.hidden.csrf_token ?? '';
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(page.headers.getSetCookie().join(';')).toMatch(/HttpOnly/i);
    expect(page.headers.getSetCookie().join(';')).toMatch(/SameSite=Lax/i);
    const decide = (fields: Record<string, string>, withCookie: boolean) =>
      rawRequest(`${stack.linear.url}/authorize/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(withCookie ? { cookie } : {}) },
        body: new URLSearchParams({ request_id: requestId, account: 'bob', decision: 'allow', ...fields }).toString(),
      });
    expect((await decide({ csrf_token: 'forged-token-value-000000' }, true)).status).toBe(403);
    const noCookie = await decide({ csrf_token: csrf }, false);
    expect(noCookie.status).toBe(403);
    expect(noCookie.headers.location).toBeUndefined();
  });

  it('session cookies are httpOnly, SameSite=Lax and signed; a tampered cookie is no session', async () => {
    const first = await fetch(link(), { redirect: 'manual' });
    const navCookie = first.headers.getSetCookie().find((c) => c.startsWith('nav_sid=')) ?? '';
    expect(navCookie).toMatch(/HttpOnly/i);
    expect(navCookie).toMatch(/SameSite=Lax/i);
    expect(navCookie).toMatch(/^nav_sid=s%3A[^.;]+\.[A-Za-z0-9%+/_-]+;/); // cookie-parser signature
    // A tampered navigator cookie: the session (and its CSRF token) are not recognised.
    const b = stack.browser();
    await b.signIn(link(), 'carol');
    const value = /nav_sid=([^;]+)/.exec(navCookie)?.[1] ?? '';
    const tampered = value.slice(0, -2) + (value.endsWith('A') ? 'BB' : 'AA');
    const r = await rawRequest(`${stack.navigator.url}/auth/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `nav_sid=${tampered}` },
      body: new URLSearchParams(b.formContext()).toString(),
    });
    expect(r.status).toBe(403);

    const agent = await fetch(`${stack.agent.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'alice', password: 'alice' }),
    });
    const agentCookie = agent.headers.getSetCookie().find((c) => c.startsWith('nc_session=')) ?? '';
    expect(agentCookie).toMatch(/HttpOnly/i);
    expect(agentCookie).toMatch(/SameSite=Lax/i);
    expect(agentCookie).toMatch(/^nc_session=s%3A/);
    const signed = /nc_session=([^;]+)/.exec(agentCookie)?.[1] ?? '';
    expect(
      (await fetch(`${stack.agent.url}/api/session`, { headers: { cookie: `nc_session=${signed}` } })).status,
    ).toBe(200);
    // Forging a session without the secret: the old unsigned user|expiry value, or another id under
    // alice's signature (the cookie holds a random server-side session id since the roles change).
    const otherId = signed.replace(/^s%3A(.)/, (_m, c: string) => `s%3A${c === 'A' ? 'B' : 'A'}`);
    expect(otherId).not.toBe(signed);
    for (const forged of ['bob%7C9999999999999', otherId]) {
      expect(
        (await fetch(`${stack.agent.url}/api/session`, { headers: { cookie: `nc_session=${forged}` } })).status,
      ).toBe(401);
    }
  });

  it('auth and consent pages refuse framing, error pages included', async () => {
    const b = stack.browser();
    expectNoFraming((await b.open(link())).headers, 'sign-in page');
    expectNoFraming((await b.open('/auth?auth_link_id=unknown')).headers, 'unknown link page');
    expectNoFraming((await b.open('/auth/callback?state=x&code=y')).headers, 'callback error page');
    expectNoFraming((await b.signIn(link(), 'alice')).headers, 'servers page');
    const mockError = await fetch(`${stack.slack.url}/authorize?client_id=nope`);
    expectNoFraming(mockError.headers, 'mock error page');
  });

  it('navigator sign-in is rate-limited per user: after 5 wrong passwords even the right one is refused for a while', async () => {
    const b = stack.browser();
    await b.open(link());
    for (let i = 0; i < 5; i++)
      expect(
        (await b.request('/auth/sign-in', { form: { ...b.formContext(), user: 'bob', password: `wrong-${i}` } }))
          .status,
      ).toBe(401);
    const blocked = await b.request('/auth/sign-in', { form: { ...b.formContext(), user: 'bob', password: 'bob' } });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Too many failed attempts');
    // Another user from the same place is not locked out.
    expect(
      (await b.request('/auth/sign-in', { form: { ...b.formContext(), user: 'carol', password: 'carol' } })).status,
    ).toBe(303);
  });

  it('agent chat sign-in is rate-limited per user: after 5 wrong passwords even the right one gets 429 JSON', async () => {
    const post = (password: string, user = 'bob') =>
      fetch(`${stack.agent.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, password }),
      });
    for (let i = 0; i < 5; i++) expect((await post(`wrong-${i}`)).status).toBe(401);
    const blocked = await post('bob');
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('too_many_requests');
    expect((await post('carol', 'carol')).status).toBe(200);
  });
});
