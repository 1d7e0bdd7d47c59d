/**
 * The test kit's browser for the user's out-of-band steps, done for real over HTTP: open the auth link,
 * sign in on the navigator's guided page, press Connect for a server, go through that server's own
 * sign-in + consent page (allow or deny) and follow the OAuth callback back to the navigator.
 *
 * Cookies live in one `tough-cookie` jar, so they are kept, sent and dropped the way a browser does
 * (domain, path, expiry, across redirects and hosts). Forms are read with the kit's one HTML form
 * extractor (html-forms.ts). Tests, the harness's actions and the bench all drive the flow through
 * this class.
 */
import { CookieJar } from 'tough-cookie';
import { alertMessage, forms, pageMessage, type HtmlForm } from './html-forms.js';

export { pageMessage } from './html-forms.js';

export interface Page {
  status: number;
  url: string;
  text: string;
  /** The body parsed as JSON when it is JSON, else the text. */
  body: unknown;
  headers: Headers;
  location?: string;
}

export interface ConsentOptions {
  account: string;
  decision?: 'allow' | 'deny';
}

/** Redirects `open` follows before it gives up (a loop is a bug in the flow, not a slow page). */
const MAX_REDIRECTS = 10;
/** The navigator page's context fields that every form post of the guided flow carries. */
const CONTEXT_FIELDS = ['csrf_token', 'auth_link_id', 'project_id', 'elicitation_id'] as const;

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // HTML or empty
  }
}

const isRedirect = (page: Page) => page.status >= 300 && page.status < 400 && page.location !== undefined;

export class AuthBrowser {
  /** Every cookie any page set, scoped as a browser scopes it. */
  readonly jar = new CookieJar();
  /** The last HTML page, whose forms the next form post reads. */
  lastHtml = '';

  /** `navigatorUrl` is the base that relative URLs (`/auth/sign-in`) resolve against. */
  constructor(readonly navigatorUrl: string) {}

  /** One request without following redirects; a `form` makes it a urlencoded POST unless `method` says otherwise. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    const target = new URL(url, this.navigatorUrl).href;
    const headers: Record<string, string> = {};
    const cookie = await this.jar.getCookieString(target);
    if (cookie) headers.cookie = cookie;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form) : undefined,
      redirect: 'manual',
    });
    for (const set of res.headers.getSetCookie()) await this.jar.setCookie(set, target, { ignoreError: true });
    const text = await res.text(); // read even when unused: an unread body holds the keep-alive socket
    if ((res.headers.get('content-type') ?? '').includes('html')) this.lastHtml = text;
    const location = res.headers.get('location');
    return {
      status: res.status,
      url: target,
      text,
      body: parseBody(text),
      headers: res.headers,
      ...(location ? { location: new URL(location, target).href } : {}),
    };
  }

  /** GET, following redirects wherever they lead (navigator, a mock's authorize page, the callback). */
  async open(url: string): Promise<Page> {
    let page = await this.request(url);
    for (let i = 0; i < MAX_REDIRECTS && isRedirect(page); i++) page = await this.request(page.location ?? '');
    if (isRedirect(page)) throw new Error(`more than ${MAX_REDIRECTS} redirects from ${url}`);
    return page;
  }

  /** The forms of the last HTML page. */
  forms(): HtmlForm[] {
    return forms(this.lastHtml);
  }

  /** A field of the last page's forms; throws when no form has one of that name. */
  hidden(name: string): string {
    const v = this.field(name);
    if (v === undefined) throw new Error(`no hidden field ${name} on the page (${pageMessage(this.lastHtml)})`);
    return v;
  }

  /** The hidden context fields of the current page (csrf_token, and auth_link_id, project_id or elicitation_id). */
  formContext(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of CONTEXT_FIELDS) {
      const v = this.field(k);
      if (v !== undefined) out[k] = v;
    }
    if (!out.csrf_token) throw new Error(`the auth page has no form (${pageMessage(this.lastHtml)})`);
    return out;
  }

  /** Servers the current page offers a Connect button for. */
  connectable(): string[] {
    return this.forms().flatMap((f) => {
      const m = /^\/auth\/connect\/([^/?#]+)$/.exec(f.action);
      return m ? [decodeURIComponent(m[1] ?? '')] : [];
    });
  }

  /** Opens the link and signs in; fails with the page's message when the link is unusable. */
  async signIn(link: string, user: string, password = user): Promise<Page> {
    const first = await this.open(link);
    if (first.status !== 200)
      throw new Error(`the auth link answered HTTP ${first.status}: ${pageMessage(first.text)}`);
    if (!this.forms().some((f) => f.action === '/auth/sign-in')) return first;
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

  /**
   * A mock's sign-in + consent page: opens the authorize URL, picks `account`, posts the decision and
   * returns the redirect it answers with (the client's callback with `code` or `error`, and `state`),
   * without following it. An authorize endpoint that redirects at once (an invalid request reported to
   * the client) gives that Location. Throws when the server answers with an error page.
   */
  async consent(authorizeUrl: string, opts: ConsentOptions): Promise<string> {
    const page = await this.request(authorizeUrl);
    if (page.status >= 300 && page.status < 400) {
      if (!page.location) throw new Error(`Authorize endpoint redirected without a Location (HTTP ${page.status})`);
      return page.location;
    }
    if (page.status !== 200) throw new Error(`Authorize page failed (HTTP ${page.status}): ${alertMessage(page.text)}`);
    const form = forms(page.text).find((f) => f.fields.request_id !== undefined && f.fields.csrf_token !== undefined);
    if (!form) throw new Error('Authorize page has no consent form (request_id / csrf_token missing)');
    const decision = await this.request(new URL(form.action || '/authorize/decision', page.url).href, {
      form: { ...form.fields, account: opts.account, decision: opts.decision ?? 'allow' },
    });
    if (decision.status < 300 || decision.status >= 400 || !decision.location)
      throw new Error(`Consent decision was not accepted (HTTP ${decision.status}): ${alertMessage(decision.text)}`);
    return decision.location;
  }

  /** Connect → consent on the server's own page as `account` → callback. Returns the landing page. */
  async connect(server: string, account: string, decision: 'allow' | 'deny' = 'allow'): Promise<Page> {
    const callback = await this.consent(await this.startConnect(server), { account, decision });
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
    return this.request(await this.consent(start.location, { account, decision }));
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

  private field(name: string): string | undefined {
    for (const f of this.forms()) if (f.fields[name] !== undefined) return f.fields[name];
    return undefined;
  }
}

/**
 * The consent step alone, in a fresh browser (an OAuth client's user who has no navigator session):
 * see `AuthBrowser.consent`.
 */
export function completeConsent(authorizeUrl: string, opts: ConsentOptions): Promise<string> {
  return new AuthBrowser(new URL(authorizeUrl).origin).consent(authorizeUrl, opts);
}
