/** The running stack `startStack` hands back. */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { AuthBrowser } from '../auth-browser.js';
import type { RunningAgentServer } from '../../server/agent/app.js';
import type { RunningNavigator } from '../../server/navigator/app.js';
import type { HttpResult, SettingsClient } from '../settings-client.js';
import type { LinearHandle, MockSpec, SlackHandle, StackMock } from './mocks.js';
import type { StackOptions } from './options.js';

export interface LinearState {
  createdIssues: Array<Record<string, unknown>>;
}

export interface Stack {
  readonly options: StackOptions;
  readonly projectId: string;
  readonly instanceId: string;
  /** The instance's MCP key, the settings API's admin key, the store's encryption key. */
  readonly apiKey: string;
  readonly adminKey: string;
  readonly encryptionKey: string;
  /** The navigator's database (':memory:' unless a file was asked for). */
  readonly dbPath: string;
  /** The stack's own temp dir (database file, transcripts); removed by close(). */
  readonly dir: string;
  /** Every log line of the parts started in this process, prefixed `[navigator]`, `[agent]`, `[<mock>]`. */
  readonly logs: string[];

  /** The mocks by server name. */
  readonly mocks: ReadonlyMap<string, StackMock>;
  mockUrl(name: string): string;
  /** The `slack` / `linear` mock's handle (in-process stacks). */
  readonly slack: SlackHandle;
  readonly linear: LinearHandle;
  /** Starts one more mock (not yet known to the navigator: add it with `settings.addServer`). */
  addMock(spec: MockSpec): Promise<StackMock>;
  /** A mock admin call (`/admin/state`, `/admin/faults`, `/admin/tokens/expire`, ...); throws unless 2xx. */
  mockAdmin(name: string, method: string, path: string, body?: unknown): Promise<unknown>;
  /** Mock Linear's recorded state (created issues). */
  linearState(): Promise<LinearState>;

  /** The navigator now running (in-process stacks; a new object after restartNavigator). */
  readonly navigator: RunningNavigator;
  readonly navigatorUrl: string;
  /** `{navigator}/mcp/{instance}` */
  readonly mcpUrl: string;
  /** Headers an MCP client of the instance sends for `user`. */
  mcpHeaders(user: string): Record<string, string>;
  /** A connected MCP SDK client for `user` (closed with the stack). */
  mcpClient(user: string): Promise<Client>;
  /** The typed settings API client (admin key). */
  readonly settings: SettingsClient;
  /** The raw settings API call (`/api/...` with the admin key), for tests of refusals. */
  api(method: string, path: string, body?: unknown): Promise<HttpResult>;
  /** Signs `user` in through the guided flow and connects `servers` as mock `account` (default: the user). */
  connect(user: string, servers: readonly string[], account?: string): Promise<void>;
  /** Connects the shared credential of a project-level server (settings API + the mock's consent page). */
  connectShared(server: string, account?: string): Promise<void>;
  /** A fresh cookie-jar browser on the navigator. */
  browser(): AuthBrowser;
  /** Every downstream access and refresh token the navigator holds for `users` (default: the seeded users and the project). */
  heldTokens(users?: readonly string[]): Promise<string[]>;
  stopNavigator(): Promise<void>;
  /** Stops the navigator and starts it again on its port, database and keys (needs a database file). */
  restartNavigator(): Promise<void>;

  /** The agent server (parts 'agent' and 'web'). */
  readonly agent: RunningAgentServer;
  /** The chat app's base URL (the agent server). */
  readonly appUrl: string;

  /** Closes everything the stack started, in reverse order of start, and removes its temp dir. */
  close(): Promise<void>;
}
