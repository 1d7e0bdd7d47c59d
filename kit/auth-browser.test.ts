// The kit's browser against small real HTTP servers: its cookie jar keeps a cookie across a redirect,
// scopes it by host and path, drops an expired one; consent reads the form wherever its fields sit.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthBrowser, completeConsent } from './auth-browser.js';
import { forms, decodeEntities } from './html-forms.js';

type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function serve(routes: Record<string, Route>): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route) route(req, res, body);
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const seen: Record<string, string | undefined> = {};
const echo =
  (name: string): Route =>
  (req, res) => {
    seen[name] = req.headers.cookie;
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<h1>${name}</h1>`);
  };

let app: { server: Server; port: number };
let idp: { server: Server; port: number };
beforeAll(async () => {
  app = await serve({
    '/start': (_req, res) =>
      res
        .writeHead(302, {
          'set-cookie': ['sid=s1; Path=/; HttpOnly', 'narrow=n1; Path=/only-here', 'gone=x; Path=/; Max-Age=0'],
          location: '/landing',
        })
        .end(),
    '/landing': echo('landing'),
    '/elsewhere': echo('elsewhere'),
  });
  idp = await serve({
    '/authorize': (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'consent_r1=tok; Path=/authorize; HttpOnly' })
        .end(
          `<h1>Sign in</h1><form action="/authorize/decision" method="post">` +
            `<input value="r&#x31;" type="hidden" name="request_id">` +
            `<input type="hidden" name="csrf_token" value="a&amp;b">` +
            `<input type="radio" name="account" value="alice">` +
            `<button type="submit" name="decision" value="allow">Allow</button></form>`,
        ),
    '/authorize/decision': (req, res, body) => {
      const f = new URLSearchParams(body);
      const ok =
        req.headers.cookie === 'consent_r1=tok' && f.get('csrf_token') === 'a&b' && f.get('request_id') === 'r1';
      if (!ok) return res.writeHead(400, { 'content-type': 'text/html' }).end('<p role="alert">CSRF check failed</p>');
      res.writeHead(302, { location: `http://cb.example/cb?code=c-${f.get('account')}&decision=${f.get('decision')}` });
      res.end();
    },
  });
});
afterAll(async () => {
  for (const s of [app.server, idp.server]) await new Promise((resolve) => s.close(resolve));
});

describe('AuthBrowser cookie jar', () => {
  it('keeps a cookie set on a redirect for the page it leads to, by path, without expired ones', async () => {
    const b = new AuthBrowser(`http://127.0.0.1:${app.port}`);
    const page = await b.open('/start');
    expect(page.status).toBe(200);
    expect(page.url).toBe(`http://127.0.0.1:${app.port}/landing`);
    expect(seen.landing).toBe('sid=s1');
  });

  it('scopes cookies by host: another host name for the same server gets none', async () => {
    const b = new AuthBrowser(`http://127.0.0.1:${app.port}`);
    await b.open('/start');
    await b.open(`http://localhost:${app.port}/elsewhere`);
    expect(seen.elsewhere).toBeUndefined();
    await b.open('/elsewhere');
    expect(seen.elsewhere).toBe('sid=s1');
  });

  it('posts a consent form with its cookie and fields, wherever the attributes sit and however they are escaped', async () => {
    const b = new AuthBrowser(`http://127.0.0.1:${app.port}`);
    const callback = await b.consent(`http://127.0.0.1:${idp.port}/authorize?x=1`, { account: 'alice' });
    expect(callback).toBe('http://cb.example/cb?code=c-alice&decision=allow');
    // the consent cookie stays with the identity provider's host and path
    expect(await b.jar.getCookieString(`http://127.0.0.1:${app.port}/landing`)).toBe('');
  });

  it('completeConsent in a fresh browser says why a decision was refused', async () => {
    const b = new AuthBrowser(`http://127.0.0.1:${idp.port}`);
    await b.open('/authorize');
    await b.jar.removeAllCookies();
    const form = b.forms()[0];
    expect(form?.fields).toEqual({ request_id: 'r1', csrf_token: 'a&b' });
    const refused = await b.request('/authorize/decision', { form: { ...form?.fields, account: 'alice' } });
    expect(refused.status).toBe(400);
    await expect(completeConsent(`http://127.0.0.1:${idp.port}/authorize`, { account: 'bob' })).resolves.toContain(
      'code=c-bob&decision=allow',
    );
  });
});

describe('html-forms', () => {
  it('reads forms with single-quoted, unquoted and reordered attributes, and decodes entities', () => {
    const [f] = forms(
      `<form method='post' action=/auth/connect/slack><input name=csrf_token value='x&#39;y'><input type=hidden name=ctx value=1><button name=go>Go</button></form>`,
    );
    expect(f).toEqual({
      action: '/auth/connect/slack',
      method: 'POST',
      fields: { csrf_token: "x'y", ctx: '1' },
      hidden: { ctx: '1' },
      buttons: { go: '' },
    });
    expect(decodeEntities('&lt;a&gt; &quot;&amp;&quot; &#x27;&#8217;')).toBe(`<a> "&" '\u2019`);
  });
});
