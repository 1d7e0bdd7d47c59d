/**
 * The mock Slack's OAuth 2.1 authorization server over real HTTP: metadata, the consent page, PKCE,
 * exact redirect matching and single-use codes (refresh and revocation: oauth-refresh.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { startLinearServer } from '../../../mock-servers/linear/index.js';
import { completeConsent } from '../../../kit/auth-browser.js';
import { forms } from '../../../kit/html-forms.js';
import { manualClock } from '../../../server/shared/clock.js';
import { REDIRECT_URI, authorizeUrl, connect, pkce, registerClient, textOf, tokenRequest } from './helpers.js';

let slack: Awaited<ReturnType<typeof startSlackServer>>;
let base: string;

beforeAll(async () => {
  slack = await startSlackServer({ admin: true });
  base = slack.url;
});
afterAll(() => slack.close());

describe('mock OAuth metadata', () => {
  it('serves RFC 8414 AS metadata and RFC 9728 resource metadata at both well-known paths', async () => {
    const as = (await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(as).toMatchObject({
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      registration_endpoint: `${base}/register`,
      revocation_endpoint: `${base}/revoke`,
      code_challenge_methods_supported: ['S256'],
    });
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const prm = (await (await fetch(`${base}${path}`)).json()) as Record<string, unknown>;
      expect(prm.resource).toBe(`${base}/mcp`);
      expect(prm.authorization_servers).toEqual([as.issuer]);
    }
  });
});

describe('authorization code flow', () => {
  it('renders a framed-proof consent page with the client name, scopes and demo accounts', async () => {
    const client = await registerClient(base, { client_name: 'Navigator <Demo>' });
    const res = await fetch(authorizeUrl(base, client, pkce(), { scope: 'channels:read chat:write' }));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(html).toContain('Navigator &lt;Demo&gt;');
    expect(html).toContain('Post messages on your behalf');
    expect(html).not.toContain('Read your direct messages');
    for (const a of ['alice', 'bob', 'carol', 'workspace']) expect(html).toContain(`value="${a}"`);
    expect(html).toContain('#4a154b');
  });

  it('gives mock Linear its own look and preselects a valid login_hint', async () => {
    const linear = await startLinearServer();
    try {
      const client = await registerClient(linear.url);
      const html = await (await fetch(authorizeUrl(linear.url, client, pkce(), { login_hint: 'bob' }))).text();
      expect(html).toContain('Sign in to Linear (mock)');
      expect(html).toContain('#5e6ad2');
      expect(html).not.toContain('#4a154b');
      expect(html).toMatch(/<input type="radio"(?=[^>]*value="bob")(?=[^>]*\bchecked)[^>]*>/);
      expect(html).toContain('Create issues and change their state');
    } finally {
      await linear.close();
    }
  });

  it('completes register → authorize (PKCE S256) → consent → token → MCP tool call', async () => {
    const client = await registerClient(base);
    const p = pkce();
    const location = new URL(await completeConsent(authorizeUrl(base, client, p), { account: 'alice' }));
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('st-123');
    const code = location.searchParams.get('code');
    expect(code).toBeTruthy();
    const tokens = await tokenRequest(base, client, {
      grant_type: 'authorization_code',
      code: code ?? '',
      code_verifier: p.verifier,
      redirect_uri: REDIRECT_URI,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: expect.stringMatching(/^bearer$/i) as unknown, expires_in: 3600 });
    expect(tokens.body.refresh_token).toEqual(expect.any(String));
    const { client: mcp } = await connect(base, String(tokens.body.access_token));
    const result = await mcp.callTool({ name: 'list_channels', arguments: {} });
    expect(textOf(result)).toContain('#engineering');
    await mcp.close();
  });

  it('Deny redirects with error=access_denied and the state', async () => {
    const client = await registerClient(base);
    const location = new URL(
      await completeConsent(authorizeUrl(base, client, pkce()), { account: 'alice', decision: 'deny' }),
    );
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('refuses a code_verifier that does not match the challenge', async () => {
    const client = await registerClient(base);
    const location = new URL(await completeConsent(authorizeUrl(base, client, pkce()), { account: 'bob' }));
    const res = await tokenRequest(base, client, {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      code_verifier: pkce().verifier,
      redirect_uri: REDIRECT_URI,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('refuses plain PKCE and a missing challenge by redirecting with invalid_request', async () => {
    const client = await registerClient(base);
    const p = pkce();
    for (const over of [
      { code_challenge_method: 'plain', code_challenge: p.verifier },
      { code_challenge_method: undefined },
      { code_challenge: undefined },
    ]) {
      const res = await fetch(authorizeUrl(base, client, p, over), { redirect: 'manual' });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location') ?? '');
      expect(location.origin + location.pathname).toBe(REDIRECT_URI);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('state')).toBe('st-123');
    }
  });

  it('redirects other bad authorization parameters with their RFC 6749 / RFC 8707 error codes and the state', async () => {
    const client = await registerClient(base);
    const cases: [Record<string, string>, string][] = [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'channels:read admin' }, 'invalid_scope'],
      [{ resource: 'http://evil.example/mcp' }, 'invalid_target'],
    ];
    for (const [over, error] of cases) {
      const res = await fetch(authorizeUrl(base, client, pkce(), over), { redirect: 'manual' });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location') ?? '');
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe('st-123');
    }
  });

  it('binds tokens to the requested resource (RFC 8707): the same resource exchanges, another is refused', async () => {
    const client = await registerClient(base);
    const exchange = async (resource: string) => {
      const p = pkce();
      const code =
        new URL(
          await completeConsent(authorizeUrl(base, client, p, { resource: `${base}/mcp` }), { account: 'alice' }),
        ).searchParams.get('code') ?? '';
      return tokenRequest(base, client, {
        grant_type: 'authorization_code',
        code,
        code_verifier: p.verifier,
        redirect_uri: REDIRECT_URI,
        resource,
      });
    };
    expect((await exchange(`${base}/mcp`)).status).toBe(200);
    expect(await exchange('http://127.0.0.1:1/mcp')).toMatchObject({ status: 400, body: { error: 'invalid_target' } });
  });

  it("refuses another server's resource at /token when /authorize named none (RFC 8707), and still accepts its own", async () => {
    const client = await registerClient(base);
    const exchange = async (resource: string) => {
      const p = pkce();
      const code =
        new URL(await completeConsent(authorizeUrl(base, client, p), { account: 'alice' })).searchParams.get('code') ??
        '';
      return tokenRequest(base, client, {
        grant_type: 'authorization_code',
        code,
        code_verifier: p.verifier,
        redirect_uri: REDIRECT_URI,
        resource,
      });
    };
    expect(await exchange('http://127.0.0.1:1/mcp')).toMatchObject({ status: 400, body: { error: 'invalid_target' } });
    expect((await exchange(`${base}/mcp`)).status).toBe(200);
  });

  it('shows an HTML error page, never a redirect, for an unregistered redirect_uri or unknown client', async () => {
    const client = await registerClient(base);
    const cases = [
      authorizeUrl(base, client, pkce(), { redirect_uri: 'http://127.0.0.1:9/callback/evil' }),
      authorizeUrl(base, client, pkce(), { redirect_uri: 'http://127.0.0.1:10/callback' }),
      authorizeUrl(base, { client_id: 'nope' }, pkce()),
    ];
    for (const url of cases) {
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toMatch(/redirect_uri|client_id/);
    }
    await expect(completeConsent(cases[0] ?? '', { account: 'alice' })).rejects.toThrow(/not registered/);
  });

  it('refuses a replayed code and revokes the tokens it issued', async () => {
    const client = await registerClient(base);
    const p = pkce();
    const code =
      new URL(await completeConsent(authorizeUrl(base, client, p), { account: 'alice' })).searchParams.get('code') ??
      '';
    const params = { grant_type: 'authorization_code', code, code_verifier: p.verifier, redirect_uri: REDIRECT_URI };
    const first = await tokenRequest(base, client, params);
    expect(first.status).toBe(200);
    const second = await tokenRequest(base, client, params);
    expect(second.status).toBe(400);
    expect(second.body.error).toBe('invalid_grant');
    const mcp = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${String(first.body.access_token)}` },
    });
    expect(mcp.status).toBe(401);
  });

  it('refuses a token request whose redirect_uri is missing or differs from the authorization request', async () => {
    for (const redirect_uri of [undefined, 'http://127.0.0.1:9/callback/other']) {
      const client = await registerClient(base);
      const p = pkce();
      const code =
        new URL(await completeConsent(authorizeUrl(base, client, p), { account: 'alice' })).searchParams.get('code') ??
        '';
      const params: Record<string, string> = { grant_type: 'authorization_code', code, code_verifier: p.verifier };
      if (redirect_uri) params.redirect_uri = redirect_uri;
      const res = await tokenRequest(base, client, params);
      expect(res).toMatchObject({
        status: 400,
        body: { error: 'invalid_grant', error_description: expect.stringMatching(/redirect_uri/) as unknown },
      });
    }
  });

  it('accepts a token request without redirect_uri when the authorization request had none (single registered URI)', async () => {
    const client = await registerClient(base);
    const p = pkce();
    const location = new URL(
      await completeConsent(authorizeUrl(base, client, p, { redirect_uri: undefined }), { account: 'bob' }),
    );
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    const res = await tokenRequest(base, client, {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      code_verifier: p.verifier,
    });
    expect(res.status).toBe(200);
  });

  it('refuses a code used after its lifetime', async () => {
    const clock = manualClock();
    const short = await startSlackServer({ codeLifetimeSeconds: 60, clock });
    try {
      const client = await registerClient(short.url);
      const p = pkce();
      const code =
        new URL(await completeConsent(authorizeUrl(short.url, client, p), { account: 'alice' })).searchParams.get(
          'code',
        ) ?? '';
      clock.advance(60_001);
      const res = await tokenRequest(short.url, client, {
        grant_type: 'authorization_code',
        code,
        code_verifier: p.verifier,
        redirect_uri: REDIRECT_URI,
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: 'invalid_grant',
        error_description: expect.stringMatching(/expired/) as unknown,
      });
    } finally {
      await short.close();
    }
  });

  it('refuses a consent post with a wrong CSRF token or without the page cookie, and a decided request twice', async () => {
    const client = await registerClient(base);
    const page = await fetch(authorizeUrl(base, client, pkce()));
    const html = await page.text();
    const [consent] = forms(html);
    const requestId = consent?.hidden.request_id ?? '';
    const csrf = consent?.hidden.csrf_token ?? '';
    const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const post = (form: Record<string, string>, withCookie: boolean) =>
      fetch(`${base}/authorize/decision`, {
        method: 'POST',
        redirect: 'manual',
        headers: withCookie ? { cookie } : {},
        body: new URLSearchParams(form),
      });
    expect(
      (await post({ request_id: requestId, csrf_token: 'forged', account: 'alice', decision: 'allow' }, true)).status,
    ).toBe(403);
    expect(
      (await post({ request_id: requestId, csrf_token: csrf, account: 'alice', decision: 'allow' }, false)).status,
    ).toBe(403);
    const ok = await post({ request_id: requestId, csrf_token: csrf, account: 'alice', decision: 'allow' }, true);
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toContain('code=');
    expect(
      (await post({ request_id: requestId, csrf_token: csrf, account: 'alice', decision: 'allow' }, true)).status,
    ).toBe(400);
  });
});
