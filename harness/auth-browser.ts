/**
 * The user's out-of-band steps done for real over HTTP, like a browser: open the auth link (cookie
 * jar, CSRF fields), sign in, press Connect for a server, go through that server's consent page
 * (allow or deny) and follow the OAuth callback back to the navigator.
 */
import { completeConsent } from '../mock-servers/shared/consent-client.js';

export interface Page {
  status: number;
  url: string;
  text: string;
  location?: string;
}

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

export class AuthBrowser {
  private readonly cookies = new Map<string, string>();
  private html = '';

  constructor(readonly navigatorUrl: string) {}

  async request(url: string, form?: Record<string, string>): Promise<Page> {
    const target = new URL(url, this.navigatorUrl).href;
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(target, { method: form ? 'POST' : 'GET', headers, body: form ? new URLSearchParams(form) : undefined, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const value = pair.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), value);
    }
    const text = await res.text();
    if ((res.headers.get('content-type') ?? '').includes('html')) this.html = text;
    return { status: res.status, url: target, text, location: res.headers.get('location') ?? undefined };
  }

  /** GET, following redirects (all of which stay on the navigator in this flow). */
  async open(url: string): Promise<Page> {
    let page = await this.request(url);
    for (let i = 0; i < 5 && page.location && page.status >= 300 && page.status < 400; i++) page = await this.request(page.location);
    return page;
  }

  private hidden(name: string): string | undefined {
    const tag = this.html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
    const v = tag?.match(/value="([^"]*)"/)?.[1];
    return v === undefined ? undefined : decode(v);
  }

  private context(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of ['csrf_token', 'auth_link_id', 'project_id']) {
      const v = this.hidden(k);
      if (v !== undefined) out[k] = v;
    }
    if (!out.csrf_token) throw new Error(`the auth page has no form (${pageMessage(this.html)})`);
    return out;
  }

  /** Servers the current page offers a Connect button for. */
  connectable(): string[] {
    return [...this.html.matchAll(/action="\/auth\/connect\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1] ?? ''));
  }

  /** Opens the link and signs in; fails with the page's message when the link is unusable. */
  async signIn(link: string, user: string, password: string): Promise<Page> {
    const first = await this.open(link);
    if (first.status !== 200) throw new Error(`the auth link answered HTTP ${first.status}: ${pageMessage(first.text)}`);
    if (!/action="\/auth\/sign-in"/.test(first.text)) return first;
    const res = await this.request('/auth/sign-in', { ...this.context(), user, password });
    if (res.status !== 303 || !res.location) throw new Error(`sign-in as ${user} failed (HTTP ${res.status}): ${pageMessage(res.text)}`);
    return this.open(res.location);
  }

  /** Connect → consent on the server's own page as `account` → callback. Returns the landing page. */
  async connect(server: string, account: string, decision: 'allow' | 'deny'): Promise<Page> {
    const res = await this.request(`/auth/connect/${encodeURIComponent(server)}`, this.context());
    if (res.status !== 303 || !res.location) throw new Error(`connecting ${server} failed (HTTP ${res.status}): ${pageMessage(res.text)}`);
    const callback = await completeConsent(res.location, { account, decision });
    return this.open(callback);
  }
}

/** Title and message of a navigator HTML page, for error messages. */
export function pageMessage(html: string): string {
  const strip = (s: string | undefined) => decode((s ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
  const h1 = strip(html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1]);
  const p = strip(html.match(/<p[^>]*>([\s\S]*?)<\/p>/)?.[1]);
  return [h1, p].filter(Boolean).join(': ').slice(0, 300) || html.slice(0, 200);
}
