/**
 * One scenario's own stack, started with the test kit's `startStack` (a mock per server instance, a
 * navigator on an in-memory database seeded from the scenario, the real agent server with the harness's
 * model), and the out-of-band operations a scenario performs on it, through the kit's typed settings client.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { LanguageModel } from 'ai';
import { displayNameOf, startStack, type MockSpec, type Stack as KitStack } from '../kit/stack.js';
import type { RunningAgentServer } from '../server/agent/app.js';
import type { RunningNavigator } from '../server/navigator/app.js';
import { AUTH_TOOL_NAME } from '../server/shared/contracts.js';
import type { ServiceDiff, SettingsSnapshot } from './check.js';
import { serverKind, type Scenario, type ServerSetup } from './scenario-schema.js';

const INSTANCE = 'demo';

export interface StackOptions {
  /** A system prompt variant (`--prompt NAME=FILE`); default: the agent's own prompt. */
  systemPromptPath?: string;
}

/** Mock account a user's consent is given as: the user's own, or the shared bot for project level. */
export function accountFor(user: string, setup: ServerSetup): string {
  return setup.auth_level === 'project' ? 'workspace' : user;
}

function mockSpec(s: ServerSetup): MockSpec {
  return {
    name: s.name,
    kind: serverKind(s),
    auth: s.auth_level === 'none' ? 'none' : 'oauth',
    authLevel: s.auth_level,
    ...(s.display_name ? { displayName: s.display_name } : {}),
  };
}

export class Stack {
  private readonly secretValues = new Set<string>();
  private firstLinkId: string | undefined;
  /** The project's default auth link id as last read from the settings API. */
  linkId: string | undefined;

  private constructor(
    readonly scenario: Scenario,
    private readonly kit: KitStack,
  ) {}

  /** Starts everything for `scenario`; project-level servers get their shared credential for real. */
  static async start(
    scenario: Scenario,
    resolveModel: (name: string) => LanguageModel,
    opts: StackOptions = {},
  ): Promise<Stack> {
    const kit = await startStack({
      parts: 'agent',
      mocks: scenario.project.servers.map(mockSpec),
      project: { name: `Scenario: ${scenario.name}` },
      instance: { id: INSTANCE, name: 'Scenario assistant' },
      inChatAuth: scenario.project.in_chat_auth,
      users: scenario.users.map((u) => u.id),
      connections: scenario.project.servers
        .filter((srv) => srv.auth_level === 'project')
        .map((srv) => ({ shared: srv.name })),
      agent: {
        users: Object.fromEntries(scenario.users.map((u) => [u.id, u.id])),
        resolveModel,
        ...(opts.systemPromptPath ? { systemPromptPath: opts.systemPromptPath } : {}),
        toolTimeoutMs: 10_000,
      },
    });
    const stack = new Stack(scenario, kit);
    try {
      await stack.rememberLink();
    } catch (e) {
      await kit.close();
      throw e;
    }
    return stack;
  }

  get navigator(): RunningNavigator {
    return this.kit.navigator;
  }
  get agent(): RunningAgentServer {
    return this.kit.agent;
  }
  get apiKey(): string {
    return this.kit.apiKey;
  }
  get adminKey(): string {
    return this.kit.adminKey;
  }
  get logs(): string[] {
    return this.kit.logs;
  }
  get transcripts(): string {
    return `${this.kit.dir}/transcripts`;
  }

  mockUrl(name: string): string {
    return this.kit.mockUrl(name);
  }

  private async rememberLink(): Promise<void> {
    const id = (await this.kit.settings.project()).default_auth_link?.id;
    this.firstLinkId ??= id;
    this.linkId = id ?? this.linkId;
  }

  /** Where a user starts the guided flow when no link was shared: the default link, or the project page. */
  async entryUrl(): Promise<string> {
    const p = await this.kit.settings.project();
    const active = p.instances.some((i) => i.in_chat_auth);
    return active && p.default_auth_link
      ? p.default_auth_link.url
      : `${this.kit.navigatorUrl}/auth?project_id=${this.kit.projectId}`;
  }

  mockAdmin(name: string, method: string, path: string, body?: unknown): Promise<unknown> {
    return this.kit.mockAdmin(name, method, path, body);
  }

  async addServer(setup: ServerSetup): Promise<void> {
    const spec = mockSpec(setup);
    const mock = await this.kit.addMock(spec);
    await this.kit.settings.addServer({
      name: setup.name,
      display_name: displayNameOf(spec),
      mcp_url: `${mock.url}/mcp`,
      auth_level: setup.auth_level,
    });
    if (setup.auth_level === 'project') await this.kit.connectShared(setup.name);
  }

  async removeServer(name: string): Promise<void> {
    await this.collectSecrets();
    await this.kit.settings.removeServer(name);
  }

  async setInChatAuth(enabled: boolean): Promise<void> {
    await this.kit.settings.setInChatAuth(INSTANCE, enabled);
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
    const p = await this.kit.settings.project();
    const link = await this.kit.settings.authLink();
    const status = await this.kit.settings.userStatus(user);
    return {
      in_chat_auth: p.instances.find((i) => i.id === INSTANCE)?.in_chat_auth ?? false,
      auth_link_servers: link?.servers ?? [],
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
      new StreamableHTTPClientTransport(new URL(this.kit.mcpUrl), {
        requestInit: { headers: this.kit.mcpHeaders(user) },
      }),
    );
    try {
      return (await client.listTools()).tools.map((t) => t.name);
    } finally {
      await client.close();
    }
  }

  /** Reads every downstream token the navigator holds, so reports can be scanned for them. */
  async collectSecrets(): Promise<void> {
    for (const t of await this.kit.heldTokens()) this.secretValues.add(t);
  }

  secrets(): string[] {
    return [...this.secretValues];
  }

  /** Per-stack values that cassettes store as placeholders. */
  placeholders(): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {
      navigator: this.kit.navigatorUrl,
      agent: this.kit.agent.url,
      auth_link_id: this.linkId,
    };
    for (const [name, m] of this.kit.mocks) out[`mock:${name}`] = m.url;
    return out;
  }

  close(): Promise<void> {
    return this.kit.close();
  }
}
