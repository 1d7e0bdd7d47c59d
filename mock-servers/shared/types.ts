/**
 * Types shared by the mock Slack and Linear servers: accounts, options, the running handle, and the
 * definition each mock hands to the shared builder (its store, tools, scopes and page theme).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Clock } from '../../server/shared/clock.js';
import type { RunningServer } from '../../server/shared/http.js';
import type { DataPage } from './data-page.js';

/** Demo users of the navigator plus `workspace`, the shared bot account for project-level credentials. */
export const ACCOUNTS = ['alice', 'bob', 'carol', 'workspace'] as const;
export const Account = z.enum(ACCOUNTS);
export type Account = z.infer<typeof Account>;

export const ACCOUNT_NAMES: Record<Account, string> = {
  alice: 'Alice Chen',
  bob: 'Bob Martinez',
  carol: 'Carol Okafor',
  workspace: 'Workspace bot',
};

export type ServiceName = 'slack' | 'linear';

export interface MockServerOptions {
  /** 0 or absent = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Base URL used in OAuth metadata and redirects; defaults to the bound URL. */
  publicUrl?: string;
  /** Access token lifetime (default 3600). */
  tokenLifetimeSeconds?: number;
  /** Authorization code lifetime (default 60). */
  codeLifetimeSeconds?: number;
  /**
   * Reuse of a rotated refresh token within this window is refused without revoking the grant; after
   * it, reuse revokes the grant (default 5).
   */
  refreshReuseGraceSeconds?: number;
  /** Serve /admin/* (reset, state, token expiry/revocation, faults). Default false. */
  admin?: boolean;
  /** 'oauth' (default) or 'none': /mcp without tokens, every call acts as `workspace`. */
  auth?: 'oauth' | 'none';
  log?: (line: string) => void;
  /** Source of time for token and code lifetimes, injected latency and the session sweep (default the system clock). */
  clock?: Clock;
}

/** The data store of a mock: seeded, resettable, and able to report what tests want to assert on. */
export interface MockStore {
  reset(): void;
  state(): Record<string, unknown>;
}

/** Colors and wording of a mock's sign-in and consent page, so each looks like its own third party (`theme.yaml`). */
export const ServiceTheme = z.object({
  productName: z.string(),
  /** A short wordmark rendered in the header, e.g. "# slack". */
  logo: z.string(),
  /** Page background, card background, text, accent (buttons), accent text, muted text, borders. */
  background: z.string(),
  card: z.string(),
  text: z.string(),
  accent: z.string(),
  accentText: z.string(),
  muted: z.string(),
  border: z.string(),
  headerBackground: z.string(),
});
export type ServiceTheme = z.infer<typeof ServiceTheme>;

export interface MockServiceDefinition<S extends MockStore> {
  service: ServiceName;
  theme: ServiceTheme;
  /** Scope name → what it lets the client do, shown on the consent page. */
  scopes: Record<string, string>;
  /** Tool name → the scope it needs; a tools/call without it is answered 403 insufficient_scope. */
  toolScopes?: Readonly<Record<string, string>>;
  /** Prefix of issued tokens, e.g. `xoxm` for Slack. */
  tokenPrefix: string;
  createStore(): S;
  /** Registers every tool on a fresh McpServer (one per MCP session); tools read the account via `accountOf`. */
  registerTools(server: McpServer, store: S, site: MockSite): void;
  /** The read-only page of the mock's data served at `GET /` (shared/data-page.ts). */
  page?: (store: S) => DataPage;
}

/** Where the mock is reached, for links in tool results (the page's anchor of a created item). */
export interface MockSite {
  /** The mock's public base URL, without a trailing slash. */
  baseUrl: string;
}

export type MockServerHandle<S extends MockStore> = RunningServer & { store: S };
