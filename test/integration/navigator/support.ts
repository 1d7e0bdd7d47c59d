/**
 * Test support shared by navigator, harness and agent tests: starts the mock Slack and Linear servers
 * and a real navigator on free ports, drives the guided auth flow over HTTP like a browser (cookies,
 * CSRF tokens, redirects, the mock consent page), and opens MCP client sessions.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { randomBytes } from 'node:crypto';
import { startLinearServer } from '../../../mock-servers/linear/index.js';
import { completeConsent } from '../../../mock-servers/shared/consent-client.js';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { startNavigator } from '../../../server/navigator/app.js';
import type { RunningNavigator } from '../../../server/navigator/app.js';
import type { NavigatorConfig, SeedConfig } from '../../../server/navigator/config.js';
import type { AuthLevel } from '../../../server/shared/contracts.js';

export type MockHandle = Awaited<ReturnType<typeof startSlackServer>>;
export type LinearHandle = Awaited<ReturnType<typeof startLinearServer>>;

export interface TestStackOptions {
  /** In-Chat Authentication on the `demo` instance (default true). */
  inChatAuth?: boolean;
  /** Auth level of each demo server (default user for both). */
  authLevels?: { slack?: AuthLevel; linear?: AuthLevel };
  /** Mock access-token lifetime (default 3600). */
  tokenLifetimeSeconds?: number;
  downstreamTimeoutMs?: number;
  sessionIdleMs?: number;
  /** SQLite path (default ':memory:'); with the same path and encryptionKey a restart keeps everything. */
  dbPath?: string;
  encryptionKey?: string;
  apiKey?: string;
  adminKey?: string;
  /** Reuse running mocks (e.g. to restart only the navigator); they are then not closed by close(). */
  mocks?: { slack: MockHandle; linear: LinearHandle };
  /** Extra navigator config (log, etc). */
  navigator?: Partial<NavigatorConfig>;
}

export interface HttpResult {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

export interface TestStack {
  slack: MockHandle;
  linear: LinearHandle;
  navigator: RunningNavigator;
  projectId: 'demo';
  instanceId: 'demo';
  apiKey: string;
  adminKey: string;
  encryptionKey: string;
  dbPath: string;
  /** `{navigator}/mcp/demo` */
  mcpUrl: string;
  /** Headers an MCP client sends for `user`. */
  mcpHeaders(user: string): Record<string, string>;
  /** A connected MCP SDK client for `user` on the demo instance. */
  mcpClient(user: string): Promise<Client>;
  /** Settings API call with the admin key. */
  api(method: string, path: string, body?: unknown): Promise<HttpResult>;
  /** Signs `user` in through the guided flow and connects `servers` as mock `account` (default: the user). */
  connect(user: string, servers: string[], account?: string): Promise<void>;
  /** Connects the shared credential of a project-level server through the settings API and the mock consent page. */
  connectShared(server: string, account?: string): Promise<void>;
  /** A fresh cookie-jar browser on the navigator. */
  browser(): AuthBrowser;
  close(): Promise<void>;
}

/** A tiny browser: a cookie jar, manual redirects, and hidden-field extraction from the last page. */
export class AuthBrowser {
  private readonly cookies = new Map<string, string>();
  lastHtml = '';

  constructor(readonly baseUrl: string) {}

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(new URL(url, this.baseUrl), {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form) : undefined,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) {
        const value = pair.slice(eq + 1);
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, eq));
        else this.cookies.set(pair.slice(0, eq), value);
      }
    }
    const text = await res.text();
    if ((res.headers.get('content-type') ?? '').includes('html')) this.lastHtml = text;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* HTML or empty */
    }
    return { status: res.status, body, text, headers: res.headers };
  }

  /** GET, following redirects that stay on the navigator. */
  async open(url: string): Promise<HttpResult> {
    let r = await this.request(url);
    for (let i = 0; i < 5 && r.status >= 300 && r.status < 400; i++) r = await this.request(r.headers.get('location') ?? '/');
    return r;
  }

  hidden(name: string): string {
    const tag = this.lastHtml.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
    const v = tag?.match(/value="([^"]*)"/)?.[1];
    if (v === undefined) throw new Error(`no hidden field ${name} on the page`);
    return v.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
  }

  /** The hidden context fields of the current page (csrf_token and auth_link_id or project_id). */
  formContext(): Record<string, string> {
    const out: Record<string, string> = { csrf_token: this.hidden('csrf_token') };
    for (const k of ['auth_link_id', 'project_id']) {
      try {
        out[k] = this.hidden(k);
      } catch {
        /* not on this page */
      }
    }
    return out;
  }

  /** Opens `entryUrl` and signs in; returns the page after sign-in. */
  async signIn(entryUrl: string, user: string, password = user): Promise<HttpResult> {
    await this.open(entryUrl);
    const r = await this.request('/auth/sign-in', { form: { ...this.formContext(), user, password } });
    if (r.status !== 303) throw new Error(`sign-in failed (HTTP ${r.status})`);
    return this.open(r.headers.get('location') ?? entryUrl);
  }

  /** Presses Connect for `server`; returns the downstream authorize URL. */
  async startConnect(server: string): Promise<string> {
    const r = await this.request(`/auth/connect/${server}`, { form: this.formContext() });
    const loc = r.headers.get('location');
    if (r.status !== 303 || !loc) throw new Error(`connect ${server} failed (HTTP ${r.status}): ${r.text.slice(0, 300)}`);
    return loc;
  }

  /** Connect + consent on the mock as `account` + callback; returns the page the flow lands on. */
  async connect(server: string, account: string, decision: 'allow' | 'deny' = 'allow'): Promise<HttpResult> {
    const authorizeUrl = await this.startConnect(server);
    const callback = await completeConsent(authorizeUrl, { account, decision });
    return this.open(callback);
  }
}

export async function startTestStack(opts: TestStackOptions = {}): Promise<TestStack> {
  const ownMocks = !opts.mocks;
  const slack = opts.mocks?.slack ?? (await startSlackServer({ admin: true, tokenLifetimeSeconds: opts.tokenLifetimeSeconds }));
  const linear = opts.mocks?.linear ?? (await startLinearServer({ admin: true, tokenLifetimeSeconds: opts.tokenLifetimeSeconds }));
  const apiKey = opts.apiKey ?? `nav_test_${randomBytes(8).toString('hex')}`;
  const adminKey = opts.adminKey ?? `admin_test_${randomBytes(8).toString('hex')}`;
  const encryptionKey = opts.encryptionKey ?? randomBytes(32).toString('hex');
  const dbPath = opts.dbPath ?? ':memory:';
  const seed: SeedConfig = {
    project: { id: 'demo', name: 'Demo project' },
    servers: [
      { name: 'slack', display_name: 'Slack', mcp_url: `${slack.url}/mcp`, auth_level: opts.authLevels?.slack ?? 'user' },
      { name: 'linear', display_name: 'Linear', mcp_url: `${linear.url}/mcp`, auth_level: opts.authLevels?.linear ?? 'user' },
    ],
    instances: [{ id: 'demo', name: 'Demo assistant', api_key: apiKey, in_chat_auth: opts.inChatAuth ?? true }],
    users: ['alice', 'bob', 'carol'].map((id) => ({ id, password: id })),
  };
  const navigator = await startNavigator({
    dbPath,
    encryptionKey,
    adminKey,
    seed,
    downstreamTimeoutMs: opts.downstreamTimeoutMs ?? 5_000,
    sessionIdleMs: opts.sessionIdleMs,
    ...opts.navigator,
  });
  const mcpUrl = `${navigator.url}/mcp/demo`;
  const clients: Client[] = [];

  const api = async (method: string, path: string, body?: unknown): Promise<HttpResult> => {
    const res = await fetch(`${navigator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };

  const stack: TestStack = {
    slack,
    linear,
    navigator,
    projectId: 'demo',
    instanceId: 'demo',
    apiKey,
    adminKey,
    encryptionKey,
    dbPath,
    mcpUrl,
    mcpHeaders: (user) => ({ authorization: `Bearer ${apiKey}`, 'x-navigator-user': user }),
    mcpClient: async (user) => {
      const client = new Client({ name: `test-${user}`, version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: stack.mcpHeaders(user) } }));
      clients.push(client);
      return client;
    },
    api,
    browser: () => new AuthBrowser(navigator.url),
    connect: async (user, servers, account = user) => {
      const entry = navigator.service.activeLinkUrl('demo') ?? `${navigator.url}/auth?project_id=demo`;
      const b = new AuthBrowser(navigator.url);
      await b.signIn(entry, user);
      for (const s of servers) {
        const page = await b.connect(s, account);
        if (page.status !== 200) throw new Error(`connecting ${s} for ${user} ended with HTTP ${page.status}: ${page.text.slice(0, 300)}`);
      }
    },
    connectShared: async (server, account = 'workspace') => {
      const start = await api('POST', `/api/projects/demo/servers/${server}/shared-credential`);
      if (start.status !== 200) throw new Error(`shared-credential start failed (HTTP ${start.status}): ${start.text}`);
      const callback = await completeConsent((start.body as { authorize_url: string }).authorize_url, { account, decision: 'allow' });
      const done = await fetch(callback, { redirect: 'manual' });
      if (done.status !== 200) throw new Error(`shared-credential callback failed (HTTP ${done.status})`);
    },
    close: async () => {
      await Promise.allSettled(clients.map((c) => c.close()));
      await navigator.close();
      if (ownMocks) await Promise.all([slack.close(), linear.close()]);
    },
  };
  return stack;
}
