/**
 * One scenario's own stack, in-process on free ports: a mock per server instance (admin knobs on),
 * a navigator on an in-memory database seeded from the scenario, and the real agent server with the
 * harness's model. Also the out-of-band operations a scenario performs on it, done over HTTP.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { LanguageModel } from 'ai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLinearServer } from '../mock-servers/linear/index.js';
import { AuthBrowser, pageMessage } from '../kit/auth-browser.js';
import { startSlackServer } from '../mock-servers/slack/index.js';
import { startAgentServer, type RunningAgentServer } from '../server/agent/app.js';
import { startNavigator, type RunningNavigator } from '../server/navigator/app.js';
import { hashPassword } from '../server/navigator/crypto.js';
import { PROJECT_OWNER } from '../server/navigator/store/store.js';
import type { z } from 'zod';
import {
  AUTH_TOOL_NAME,
  AuthLinkInfo,
  AuthLinkResult,
  ErrorBody,
  Instance,
  NAVIGATOR_USER_HEADER,
  Project,
  ProjectServer,
  RemovedServer,
  SharedCredentialStart,
} from '../server/shared/contracts.js';
import type { AddServerRequest } from '../server/shared/contracts.js';
import type { ServiceDiff, SettingsSnapshot } from './check.js';
import { serverKind, type Scenario, type ServerSetup } from './scenario-schema.js';

const PROJECT = 'demo';
const INSTANCE = 'demo';

interface Mock {
  setup: ServerSetup;
  kind: 'slack' | 'linear';
  url: string;
  close(): Promise<void>;
}

export interface StackOptions {
  /** A system prompt variant (`--prompt NAME=FILE`); default: the agent's own prompt. */
  systemPromptPath?: string;
}

export interface ApiResult {
  status: number;
  body: unknown;
}

/** Mock account a user's consent is given as: the user's own, or the shared bot for project level. */
export function accountFor(user: string, setup: ServerSetup): string {
  return setup.auth_level === 'project' ? 'workspace' : user;
}

function displayName(s: ServerSetup): string {
  if (s.display_name) return s.display_name;
  const kind = serverKind(s);
  const base = kind === 'slack' ? 'Slack' : 'Linear';
  return s.name === kind ? base : `${base} (${s.name})`;
}

/**
 * Scenario users get a low-cost scrypt hash (N=1024): the navigator's verifyPassword reads N from the
 * hash, so sign-in is still verified for real, but without the production cost (N=16384, ~35 ms of
 * CPU per hash and per sign-in), which was a third of a scenario's time. Computed once per user id
 * and process.
 */
const HARNESS_SCRYPT_N = 1024;
const cheapHashes = new Map<string, Promise<string>>();
export function harnessPasswordHash(password: string): Promise<string> {
  let hash = cheapHashes.get(password);
  if (!hash) {
    hash = hashPassword(password, HARNESS_SCRYPT_N);
    cheapHashes.set(password, hash);
  }
  return hash;
}

export class Stack {
  readonly mocks = new Map<string, Mock>();
  private readonly secretValues = new Set<string>();
  private firstLinkId: string | undefined;
  /** The project's default auth link id as last read from the settings API. */
  linkId: string | undefined;
  private transcriptsDir = '';
  navigator!: RunningNavigator;
  agent!: RunningAgentServer;
  readonly apiKey = `nav_h_${randomBytes(12).toString('hex')}`;
  readonly adminKey = `adm_h_${randomBytes(12).toString('hex')}`;
  readonly logs: string[] = [];

  private constructor(readonly scenario: Scenario) {}

  /** Starts everything for `scenario`; pre-connected users are connected for real. */
  static async start(
    scenario: Scenario,
    resolveModel: (name: string) => LanguageModel,
    opts: StackOptions = {},
  ): Promise<Stack> {
    const stack = new Stack(scenario);
    try {
      await stack.boot(resolveModel, opts);
    } catch (e) {
      await stack.close();
      throw e;
    }
    return stack;
  }

  private async startMock(setup: ServerSetup): Promise<Mock> {
    const kind = serverKind(setup);
    const opts = {
      admin: true,
      auth: setup.auth_level === 'none' ? ('none' as const) : ('oauth' as const),
      log: (l: string) => this.logs.push(`[${setup.name}] ${l}`),
    };
    const handle = kind === 'slack' ? await startSlackServer(opts) : await startLinearServer(opts);
    const mock = { setup, kind, url: handle.url, close: () => handle.close() };
    this.mocks.set(setup.name, mock);
    return mock;
  }

  private async boot(resolveModel: (name: string) => LanguageModel, opts: StackOptions): Promise<void> {
    const s = this.scenario;
    await Promise.all(s.project.servers.map((srv) => this.startMock(srv)));
    this.navigator = await startNavigator({
      dbPath: ':memory:',
      encryptionKey: randomBytes(32).toString('hex'),
      adminKey: this.adminKey,
      downstreamTimeoutMs: 5_000,
      log: (l) => this.logs.push(`[navigator] ${l}`),
      seed: {
        project: { id: PROJECT, name: `Scenario: ${s.name}` },
        servers: s.project.servers.map((srv) => ({
          name: srv.name,
          display_name: displayName(srv),
          mcp_url: `${this.mockUrl(srv.name)}/mcp`,
          auth_level: srv.auth_level,
        })),
        instances: [
          { id: INSTANCE, name: 'Scenario assistant', api_key: this.apiKey, in_chat_auth: s.project.in_chat_auth },
        ],
      },
    });
    for (const u of s.users) this.navigator.testing.createUser(u.id, u.id, await harnessPasswordHash(u.id));
    for (const srv of s.project.servers) if (srv.auth_level === 'project') await this.connectShared(srv.name);
    this.transcriptsDir = mkdtempSync(join(tmpdir(), 'harness-transcripts-'));
    this.agent = await startAgentServer({
      navigatorUrl: this.navigator.url,
      navigatorApiKey: this.apiKey,
      navigatorAdminKey: this.adminKey,
      sessionSecret: randomBytes(16).toString('hex'),
      users: Object.fromEntries(s.users.map((u) => [u.id, u.id])),
      resolveModel,
      ...(opts.systemPromptPath ? { systemPromptPath: opts.systemPromptPath } : {}),
      demoChunkDelayMs: 0,
      modelMaxRetries: 0,
      toolTimeoutMs: 10_000,
      transcriptsDir: this.transcriptsDir,
      log: (l) => this.logs.push(`[agent] ${l}`),
    });
    await this.rememberLink();
  }

  mockUrl(name: string): string {
    const m = this.mocks.get(name);
    if (!m) throw new Error(`no server named ${name}`);
    return m.url;
  }

  async api(method: string, path: string, body?: unknown): Promise<ApiResult> {
    const res = await fetch(`${this.navigator.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.adminKey}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed };
  }

  /** The answer checked against its contract (server/shared/contracts.ts); throws the navigator's own error message for a non-2xx answer. */
  async apiOk<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.output<S>> {
    const r = await this.api(method, path, body);
    if (r.status >= 300) {
      const err = ErrorBody.safeParse(r.body);
      throw new Error(
        `${method} ${path} → HTTP ${r.status}: ${err.success ? err.data.error.message : JSON.stringify(r.body)}`,
      );
    }
    const parsed = schema.safeParse(r.body);
    if (!parsed.success)
      throw new Error(`${method} ${path} answered an unexpected shape: ${parsed.error.message.slice(0, 300)}`);
    return parsed.data;
  }

  private async rememberLink(): Promise<void> {
    const r = await this.api('GET', `/api/projects/${PROJECT}`);
    const project = Project.safeParse(r.body);
    const id = project.success ? project.data.default_auth_link?.id : undefined;
    this.firstLinkId ??= id;
    this.linkId = id ?? this.linkId;
  }

  /** Where a user starts the guided flow when no link was shared: the default link, or the project page. */
  async entryUrl(): Promise<string> {
    const p = await this.apiOk('GET', `/api/projects/${PROJECT}`, Project);
    const active = p.instances.some((i) => i.in_chat_auth);
    return active && p.default_auth_link ? p.default_auth_link.url : `${this.navigator.url}/auth?project_id=${PROJECT}`;
  }

  /** Project-level server: the admin connects the shared credential as the mock's `workspace` account. */
  async connectShared(name: string): Promise<void> {
    const { authorize_url } = await this.apiOk(
      'POST',
      `/api/projects/${PROJECT}/servers/${name}/shared-credential`,
      SharedCredentialStart,
    );
    const page = await new AuthBrowser(this.navigator.url).connectShared(authorize_url, 'workspace');
    if (page.status !== 200)
      throw new Error(`shared credential for ${name} failed: HTTP ${page.status}: ${pageMessage(page.text)}`);
  }

  async mockAdmin(name: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.mockUrl(name)}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${name} ${method} ${path} → HTTP ${res.status}: ${await res.text()}`);
    return res.json();
  }

  async addServer(setup: ServerSetup): Promise<void> {
    const mock = await this.startMock(setup);
    const request: AddServerRequest = {
      name: setup.name,
      display_name: displayName(setup),
      mcp_url: `${mock.url}/mcp`,
      auth_level: setup.auth_level,
    };
    await this.apiOk('POST', `/api/projects/${PROJECT}/servers`, ProjectServer, request);
    if (setup.auth_level === 'project') await this.connectShared(setup.name);
  }

  async removeServer(name: string): Promise<void> {
    this.collectSecrets();
    await this.apiOk('DELETE', `/api/projects/${PROJECT}/servers/${name}`, RemovedServer);
  }

  async setInChatAuth(enabled: boolean): Promise<void> {
    await this.apiOk('PUT', `/api/instances/${INSTANCE}/in-chat-auth`, Instance, { enabled });
    await this.rememberLink();
  }

  /** Items created in a server's mock since it started (its admin state lists only those). */
  async serviceDiff(name: string): Promise<ServiceDiff> {
    const st = (await this.mockAdmin(name, 'GET', '/admin/state')) as {
      postedMessages?: { channel: string; text: string; user?: string }[];
      createdIssues?: { title: string; description?: string; team?: string; state?: string; creator?: string }[];
    };
    return {
      posted: (st.postedMessages ?? []).map((m) => ({ channel: m.channel, text: m.text, account: m.user })),
      created: (st.createdIssues ?? []).map((i) => ({
        title: i.title,
        description: i.description,
        team: i.team,
        state: i.state,
        account: i.creator,
      })),
    };
  }

  /** Instance settings as the settings API reports them, plus whether a fresh MCP session lists the tool. */
  async settings(user: string, withTool: boolean): Promise<SettingsSnapshot> {
    const p = await this.apiOk('GET', `/api/projects/${PROJECT}`, Project);
    const link = await this.api('GET', `/api/projects/${PROJECT}/auth-link`);
    const linkInfo = link.status === 200 ? AuthLinkInfo.safeParse(link.body) : undefined;
    const status = await this.apiOk('GET', `/api/projects/${PROJECT}/users/${user}/status`, AuthLinkResult);
    return {
      in_chat_auth: p.instances.find((i) => i.id === INSTANCE)?.in_chat_auth ?? false,
      auth_link_servers: linkInfo?.success ? (linkInfo.data.servers ?? []) : [],
      auth_link_id: p.default_auth_link?.id,
      first_auth_link_id: this.firstLinkId,
      user_status: status.status,
      ...(withTool ? { tool_available: (await this.listTools(user)).includes(AUTH_TOOL_NAME) } : {}),
    };
  }

  /** Tool names a new MCP session of `user` lists on the instance. */
  async listTools(user: string): Promise<string[]> {
    const client = new Client({ name: 'harness', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${this.navigator.url}/mcp/${INSTANCE}`), {
        requestInit: { headers: { authorization: `Bearer ${this.apiKey}`, [NAVIGATOR_USER_HEADER]: user } },
      }),
    );
    try {
      return (await client.listTools()).tools.map((t) => t.name);
    } finally {
      await client.close();
    }
  }

  /** Reads every downstream token the navigator holds, so reports can be scanned for them. */
  collectSecrets(): void {
    const owners = [PROJECT_OWNER, ...this.scenario.users.map((u) => u.id)];
    for (const srv of this.navigator.testing.servers(PROJECT))
      for (const owner of owners) {
        const c = this.navigator.testing.credential(owner, srv.id);
        if (c?.accessToken) this.secretValues.add(c.accessToken);
        if (c?.refreshToken) this.secretValues.add(c.refreshToken);
      }
  }

  secrets(): string[] {
    return [...this.secretValues];
  }

  get transcripts(): string {
    return this.transcriptsDir;
  }

  /** Per-stack values that cassettes store as placeholders. */
  placeholders(): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {
      navigator: this.navigator?.url,
      agent: this.agent?.url,
      auth_link_id: this.linkId,
    };
    for (const [name, m] of this.mocks) out[`mock:${name}`] = m.url;
    return out;
  }

  async close(): Promise<void> {
    await this.agent?.close().catch(() => undefined);
    await this.navigator?.close().catch(() => undefined);
    await Promise.all([...this.mocks.values()].map((m) => m.close().catch(() => undefined)));
    if (this.transcriptsDir) rmSync(this.transcriptsDir, { recursive: true, force: true });
  }
}
