/**
 * Test support shared by navigator, harness and agent tests: starts the mock Slack and Linear servers
 * and a real navigator on free ports, drives the guided auth flow over HTTP with the harness's
 * AuthBrowser (cookies, CSRF tokens, redirects, the mock consent page), and opens MCP client sessions.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { randomBytes } from 'node:crypto';
import { AuthBrowser, pageMessage } from '../../../harness/auth-browser.js';
import { startLinearServer } from '../../../mock-servers/linear/index.js';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { startNavigator } from '../../../server/navigator/app.js';
import type { RunningNavigator } from '../../../server/navigator/app.js';
import type { NavigatorConfig } from '../../../server/navigator/config.js';
import type { Clock } from '../../../server/shared/clock.js';
import type { AuthLevel } from '../../../server/shared/contracts.js';
import { demoSeed, TEST_PASSWORD_HASH_COST } from './demo-seed.js';

export { AuthBrowser };

export type MockHandle = Awaited<ReturnType<typeof startSlackServer>>;
export type LinearHandle = Awaited<ReturnType<typeof startLinearServer>>;

export interface TestStackOptions {
  /** In-Chat Authentication on the `demo` instance (default true). */
  inChatAuth?: boolean;
  /** Auth level of each demo server (default user for both). */
  authLevels?: { slack?: AuthLevel; linear?: AuthLevel };
  /** Mock access-token lifetime (default 3600). */
  tokenLifetimeSeconds?: number;
  /** The mocks' clock (token lifetimes, injected latency); default the system clock. */
  mockClock?: Clock;
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

export async function startTestStack(opts: TestStackOptions = {}): Promise<TestStack> {
  const ownMocks = !opts.mocks;
  const slack =
    opts.mocks?.slack ??
    (await startSlackServer({ admin: true, tokenLifetimeSeconds: opts.tokenLifetimeSeconds, clock: opts.mockClock }));
  const linear =
    opts.mocks?.linear ??
    (await startLinearServer({ admin: true, tokenLifetimeSeconds: opts.tokenLifetimeSeconds, clock: opts.mockClock }));
  const apiKey = opts.apiKey ?? `nav_test_${randomBytes(8).toString('hex')}`;
  const adminKey = opts.adminKey ?? `admin_test_${randomBytes(8).toString('hex')}`;
  const encryptionKey = opts.encryptionKey ?? randomBytes(32).toString('hex');
  const dbPath = opts.dbPath ?? ':memory:';
  const seed = demoSeed({
    slackUrl: slack.url,
    linearUrl: linear.url,
    apiKey,
    inChatAuth: opts.inChatAuth,
    authLevels: opts.authLevels,
  });
  const navigator = await startNavigator({
    dbPath,
    encryptionKey,
    adminKey,
    seed,
    downstreamTimeoutMs: opts.downstreamTimeoutMs ?? 5_000,
    passwordHashCost: TEST_PASSWORD_HASH_COST,
    sessionIdleMs: opts.sessionIdleMs,
    ...opts.navigator,
  });
  const mcpUrl = `${navigator.url}/mcp/demo`;
  const clients: Client[] = [];

  const api = async (method: string, path: string, body?: unknown): Promise<HttpResult> => {
    const res = await fetch(`${navigator.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminKey}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
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
      await client.connect(
        new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: stack.mcpHeaders(user) } }),
      );
      clients.push(client);
      return client;
    },
    api,
    browser: () => new AuthBrowser(navigator.url),
    connect: async (user, servers, account = user) => {
      const entry = navigator.service.activeLinkUrl('demo') ?? `${navigator.url}/auth?project_id=demo`;
      await new AuthBrowser(navigator.url).signInAndConnect(entry, user, servers, account);
    },
    connectShared: async (server, account = 'workspace') => {
      const start = await api('POST', `/api/projects/demo/servers/${server}/shared-credential`);
      if (start.status !== 200) throw new Error(`shared-credential start failed (HTTP ${start.status}): ${start.text}`);
      const done = await new AuthBrowser(navigator.url).connectShared(
        (start.body as { authorize_url: string }).authorize_url,
        account,
      );
      if (done.status !== 200)
        throw new Error(`shared-credential callback failed (HTTP ${done.status}): ${pageMessage(done.text)}`);
    },
    close: async () => {
      await Promise.allSettled(clients.map((c) => c.close()));
      await navigator.close();
      if (ownMocks) await Promise.all([slack.close(), linear.close()]);
    },
  };
  return stack;
}
