/**
 * The one way tests, the harness and the bench start the product: `startStack(options)` starts the
 * parts asked for (mocks → navigator → agent → web) on free ports, seeds and connects what it is told
 * to, and `close()` stops everything it started in reverse order. See kit/README.md.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AuthBrowser, pageMessage } from './auth-browser.js';
import { startAgentServer, type RunningAgentServer } from '../server/agent/app.js';
import type { RunningNavigator } from '../server/navigator/app.js';
import { PROJECT_OWNER } from '../server/navigator/store/store.js';
import { NAVIGATOR_USER_HEADER } from '../server/shared/contracts.js';
import { SettingsClient } from './settings-client.js';
import { startChildStack, type ChildStack } from './stack/child.js';
import {
  DEMO_MOCKS,
  mockAdmin,
  setFaults,
  startMock,
  type LinearHandle,
  type MockSpec,
  type SlackHandle,
  type StackMock,
} from './stack/mocks.js';
import { NavigatorPart, navigatorConfig } from './stack/navigator.js';
import { agentConfig } from './stack/agent.js';
import { runs, type StackOptions } from './stack/options.js';
import { DEFAULT_USERS } from './stack/seed.js';
import type { LinearState, Stack } from './stack/types.js';

export type { Connection, Part, StackOptions } from './stack/options.js';
export type { LinearState, Stack } from './stack/types.js';
export type { LinearHandle, MockSpec, SlackHandle, StackMock } from './stack/mocks.js';
export { displayNameOf, mockAdmin } from './stack/mocks.js';
export type { HttpResult } from './settings-client.js';

const LinearStateSchema = z.looseObject({ createdIssues: z.array(z.record(z.string(), z.unknown())) });

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  // Everything started pushes its own closer; close() runs them last-in first-out.
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  try {
    return await boot(options, closers, close);
  } catch (e) {
    await close();
    throw e;
  }
}

async function boot(
  o: StackOptions,
  closers: Array<() => Promise<void> | void>,
  close: () => Promise<void>,
): Promise<Stack> {
  const logs: string[] = [];
  const capture = (prefix: string) => (line: string) => void logs.push(`[${prefix}] ${line}`);
  const projectId = o.project?.id ?? 'demo';
  const instanceId = o.instance?.id ?? 'demo';
  const dir = mkdtempSync(join(tmpdir(), 'kit-stack-'));
  closers.push(() => rmSync(dir, { recursive: true, force: true }));
  const keys = {
    apiKey: o.apiKey ?? `nav_kit_${randomBytes(12).toString('hex')}`,
    adminKey: o.adminKey ?? `adm_kit_${randomBytes(12).toString('hex')}`,
    encryptionKey: o.encryptionKey ?? randomBytes(32).toString('hex'),
    dbPath: o.dbPath ?? (o.db === 'temp-dir' ? join(dir, 'navigator.db') : ':memory:'),
  };
  const users = o.users ?? DEFAULT_USERS;

  // ---- mocks and navigator: here, or in a child process ----
  const mocks = new Map<string, StackMock>();
  let nav: NavigatorPart | undefined;
  let child: ChildStack | undefined;
  const addMock = async (spec: MockSpec): Promise<StackMock> => {
    const mock = await startMock(spec, {
      tokenLifetimeSeconds: o.tokenLifetimeSeconds,
      clock: o.mockClock,
      log: capture(spec.name),
    });
    closers.push(() => mock.handle?.close());
    mocks.set(spec.name, mock);
    return mock;
  };
  if (o.isolation === 'child-process') {
    if (o.mocks && !Array.isArray(o.mocks)) throw new Error('a child-process stack starts its own mocks');
    const { navigator, agent: _agent, isolation: _isolation, parts: _parts, mocks: specs, ...rest } = o;
    const { log: _log, ...navConfig } = navigator ?? {};
    child = await startChildStack({ ...rest, ...keys, mocks: specs as MockSpec[] | undefined, navigator: navConfig });
    closers.push(() => child?.close());
    const known = (specs as readonly MockSpec[] | undefined) ?? DEMO_MOCKS;
    for (const [name, url] of Object.entries(child.info.mockUrls))
      mocks.set(name, { spec: known.find((s) => s.name === name) ?? { name, kind: 'slack' }, url });
  } else {
    if (o.mocks && 'urls' in o.mocks) {
      mocks.set('slack', { spec: { name: 'slack', kind: 'slack' }, url: o.mocks.urls.slack });
      mocks.set('linear', { spec: { name: 'linear', kind: 'linear' }, url: o.mocks.urls.linear });
    } else if (o.mocks && 'slack' in o.mocks) {
      mocks.set('slack', { spec: { name: 'slack', kind: 'slack' }, url: o.mocks.slack.url, handle: o.mocks.slack });
      mocks.set('linear', {
        spec: { name: 'linear', kind: 'linear' },
        url: o.mocks.linear.url,
        handle: o.mocks.linear,
      });
    } else {
      await Promise.all((o.mocks ?? DEMO_MOCKS).map(addMock));
    }
    for (const [name, faults] of Object.entries(o.faults ?? {})) await setFaults(mockOf(mocks, name).url, faults);
    if (runs(o, 'navigator')) {
      nav = await NavigatorPart.start(
        navigatorConfig(o, { ...keys, projectId, instanceId, users }, [...mocks.values()], capture('navigator')),
      );
      closers.push(() => nav?.close());
    }
  }
  const navigatorUrl = (): string => {
    if (nav) return nav.url;
    if (child) return child.info.navigatorUrl;
    throw new Error('this stack runs no navigator (parts: "mocks")');
  };
  const settings = runs(o, 'navigator')
    ? new SettingsClient({ baseUrl: navigatorUrl(), adminKey: keys.adminKey, projectId })
    : undefined;
  const settingsClient = (): SettingsClient => {
    if (!settings) throw new Error('this stack runs no navigator (parts: "mocks")');
    return settings;
  };

  const connectShared = async (server: string, account = 'workspace'): Promise<void> => {
    const { authorize_url } = await settingsClient().startSharedCredential(server);
    const page = await new AuthBrowser(navigatorUrl()).connectShared(authorize_url, account);
    if (page.status !== 200)
      throw new Error(`shared credential for ${server} failed: HTTP ${page.status}: ${pageMessage(page.text)}`);
  };
  const connect = async (user: string, servers: readonly string[], account = user): Promise<void> => {
    const p = await settingsClient().project();
    const active = p.instances.some((i) => i.in_chat_auth);
    const entry =
      active && p.default_auth_link ? p.default_auth_link.url : `${navigatorUrl()}/auth?project_id=${projectId}`;
    await new AuthBrowser(navigatorUrl()).signInAndConnect(entry, user, [...servers], account);
  };
  for (const c of o.connections ?? []) {
    if ('shared' in c) await connectShared(c.shared, c.account);
    else await connect(c.user, c.servers, c.account);
  }

  // ---- agent (and the web app) ----
  let agent: RunningAgentServer | undefined;
  if (runs(o, 'agent')) {
    const started = await startAgentServer(
      agentConfig(o, { ...keys, projectId, instanceId, navigatorUrl: navigatorUrl(), dir }, capture('agent')),
    );
    agent = started;
    closers.push(() => started.close());
  }

  const mcpUrl = () => `${navigatorUrl()}/mcp/${instanceId}`;
  const mcpHeaders = (user: string) => ({ authorization: `Bearer ${keys.apiKey}`, [NAVIGATOR_USER_HEADER]: user });
  const inProcess = (): RunningNavigator => {
    if (!nav)
      throw new Error('the navigator runs in a child process or not at all: use navigatorUrl and the settings API');
    return nav.navigator;
  };
  const navPart = (): NavigatorPart => {
    if (!nav) throw new Error('this stack runs no navigator (parts: "mocks")');
    return nav;
  };
  const handle = <H>(name: string): H => {
    const h = mockOf(mocks, name).handle;
    if (!h) throw new Error(`mock ${name} runs elsewhere: use mockUrl('${name}')`);
    return h as H;
  };

  return {
    options: o,
    projectId,
    instanceId,
    ...keys,
    dir,
    logs,
    mocks,
    mockUrl: (name) => mockOf(mocks, name).url,
    get slack() {
      return handle<SlackHandle>('slack');
    },
    get linear() {
      return handle<LinearHandle>('linear');
    },
    addMock,
    mockAdmin: (name, method, path, body) => mockAdmin(mockOf(mocks, name).url, method, path, body),
    linearState: async (): Promise<LinearState> =>
      LinearStateSchema.parse(await mockAdmin(mockOf(mocks, 'linear').url, 'GET', '/admin/state')),
    get navigator() {
      return inProcess();
    },
    get navigatorUrl() {
      return navigatorUrl();
    },
    get mcpUrl() {
      return mcpUrl();
    },
    mcpHeaders,
    mcpClient: async (user) => {
      const client = new Client({ name: `kit-${user}`, version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(mcpUrl()), { requestInit: { headers: mcpHeaders(user) } }),
      );
      closers.push(() => client.close());
      return client;
    },
    get settings() {
      return settingsClient();
    },
    api: (method, path, body) => settingsClient().request(method, path, body),
    connect,
    connectShared,
    browser: () => new AuthBrowser(navigatorUrl()),
    heldTokens: async (forUsers = [...users, PROJECT_OWNER]) => {
      if (child) return child.call<string[]>('heldTokens', forUsers);
      const testing = inProcess().testing;
      const out: string[] = [];
      for (const server of testing.servers(projectId))
        for (const user of forUsers) {
          const c = testing.credential(user, server.id);
          if (c) out.push(c.accessToken, ...(c.refreshToken ? [c.refreshToken] : []));
        }
      return out;
    },
    stopNavigator: async () => {
      if (child) await child.call('stopNavigator');
      else await navPart().stop();
    },
    restartNavigator: async () => {
      if (child) await child.call('restartNavigator');
      else await navPart().restart();
    },
    get agent() {
      if (!agent) throw new Error('this stack runs no agent (parts: "agent" or "web")');
      return agent;
    },
    get appUrl() {
      if (!agent) throw new Error('this stack runs no agent (parts: "agent" or "web")');
      return agent.url;
    },
    close,
  };
}

function mockOf(mocks: ReadonlyMap<string, StackMock>, name: string): StackMock {
  const m = mocks.get(name);
  if (!m) throw new Error(`no mock named ${name} (mocks: ${[...mocks.keys()].join(', ') || 'none'})`);
  return m;
}
