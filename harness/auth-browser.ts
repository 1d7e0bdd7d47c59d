/**
 * The user's out-of-band steps done for real over HTTP, like a browser: open the auth link (cookie
 * jar, CSRF fields), sign in, press Connect for a server, go through that server's consent page
 * (allow or deny) and follow the OAuth callback back to the navigator. The harness's actions, the
 * integration tests and the bench all drive the guided flow through this one class.
 */
import { completeConsent } from '../mock-servers/shared/consent-client.js';

export interface Page {
  status: number;
  url: string;
  text: string;
  /** The body parsed as JSON when it is JSON, else the text. */
  body: unknown;
  headers: Headers;
  location?: string;
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // HTML or empty
  }
}

export class AuthBrowser {
  private readonly cookies = new Map<string, string>();
  /** The last HTML page, whose hidden fields the next form post carries. */
  lastHtml = '';

  constructor(readonly navigatorUrl: string) {}

  /** One request without following redirects; a `form` makes it a urlencoded POST unless `method` says otherwise. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    const target = new URL(url, this.navigatorUrl).href;
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form) : undefined,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const value = pair.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), value);
    }
    const text = await res.text();
    if ((res.headers.get('content-type') ?? '').includes('html')) this.lastHtml = text;
    return {
      status: res.status,
      url: target,
      text,
      body: parseBody(text),
      headers: res.headers,
      location: res.headers.get('location') ?? undefined,
    };
  }

  /** GET, following redirects (all of which stay on the navigator in this flow). */
  async open(url: string): Promise<Page> {
    let page = await this.request(url);
    for (let i = 0; i < 5 && page.location && page.status >= 300 && page.status < 400; i++)
      page = await this.request(page.location);
    return page;
  }

  private field(name: string): string | undefined {
    const tag = this.lastHtml.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
    const v = tag?.match(/value="([^"]*)"/)?.[1];
    return v === undefined ? undefined : decode(v);
  }

  /** A hidden field of the last page; throws when the page has none of that name. */
  hidden(name: string): string {
    const v = this.field(name);
    if (v === undefined) throw new Error(`no hidden field ${name} on the page (${pageMessage(this.lastHtml)})`);
    return v;
  }

  /** The hidden context fields of the current page (csrf_token, and auth_link_id, project_id or elicitation_id). */
  formContext(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of ['csrf_token', 'auth_link_id', 'project_id', 'elicitation_id']) {
      const v = this.field(k);
      if (v !== undefined) out[k] = v;
    }
    if (!out.csrf_token) throw new Error(`the auth page has no form (${pageMessage(this.lastHtml)})`);
    return out;
  }

  /** Servers the current page offers a Connect button for. */
  connectable(): string[] {
    return [...this.lastHtml.matchAll(/action="\/auth\/connect\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1] ?? ''));
  }

  /** Opens the link and signs in; fails with the page's message when the link is unusable. */
  async signIn(link: string, user: string, password = user): Promise<Page> {
    const first = await this.open(link);
    if (first.status !== 200)
      throw new Error(`the auth link answered HTTP ${first.status}: ${pageMessage(first.text)}`);
    if (!/action="\/auth\/sign-in"/.test(first.text)) return first;
    const res = await this.request('/auth/sign-in', { form: { ...this.formContext(), user, password } });
    if (res.status !== 303 || !res.location)
      throw new Error(`sign-in as ${user} failed (HTTP ${res.status}): ${pageMessage(res.text)}`);
    return this.open(res.location);
  }

  /** Presses Connect for `server`; returns the downstream authorize URL. */
  async startConnect(server: string): Promise<string> {
    const res = await this.request(`/auth/connect/${encodeURIComponent(server)}`, { form: this.formContext() });
    if (res.status !== 303 || !res.location)
      throw new Error(`connecting ${server} failed (HTTP ${res.status}): ${pageMessage(res.text)}`);
    return res.location;
  }

  /** Connect → consent on the server's own page as `account` → callback. Returns the landing page. */
  async connect(server: string, account: string, decision: 'allow' | 'deny' = 'allow'): Promise<Page> {
    const callback = await completeConsent(await this.startConnect(server), { account, decision });
    return this.open(callback);
  }

  /**
   * The shared credential of a project-level server: opens the settings API's one-time start link in
   * this browser (which binds the authorization to its session), consents as `account` and follows the
   * callback. Returns the landing page.
   */
  async connectShared(startUrl: string, account: string, decision: 'allow' | 'deny' = 'allow'): Promise<Page> {
    const start = await this.request(startUrl);
    if (start.status !== 303 || !start.location)
      throw new Error(`the shared-credential start link answered HTTP ${start.status}: ${pageMessage(start.text)}`);
    return this.request(await completeConsent(start.location, { account, decision }));
  }

  /** Signs `user` in through `link` and connects each server as `account`; throws unless every landing page is 200. */
  async signInAndConnect(link: string, user: string, servers: readonly string[], account = user): Promise<void> {
    await this.signIn(link, user);
    for (const server of servers) {
      const page = await this.connect(server, account);
      if (page.status !== 200)
        throw new Error(`connecting ${server} for ${user} ended with HTTP ${page.status}: ${pageMessage(page.text)}`);
    }
  }
}

/** Title and message of a navigator HTML page, for error messages. */
export function pageMessage(html: string): string {
  const strip = (s: string | undefined) =>
    decode(
      (s ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  const h1 = strip(html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1]);
  const p = strip(html.match(/<p[^>]*>([\s\S]*?)<\/p>/)?.[1]);
  return [h1, p].filter(Boolean).join(': ').slice(0, 300) || html.slice(0, 200);
}
