/**
 * NavigatorService: the one owner of the store and the pool, and the one API the MCP gateway, the
 * guided auth flow and the settings API use, by intention. It wires the parts, each in its own module:
 * reads (service/reads.ts, the base class), proxied calls as a user (service/calls.ts), the default link (service/links.ts),
 * status per user (service/user-status.ts), OAuth client setup (service/oauth-setup.ts), credential
 * changes and revocation (service/credentials.ts, service/revocation.ts), settings writes with their
 * rules (service/settings.ts) and change notices (service/events.ts).
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Clock } from '../shared/clock.js';
import type { AuthLevel, AuthLinkResult } from '../shared/contracts.js';
import type { SeedConfig } from './config.js';
import { DownstreamPool } from './downstream/pool.js';
import { createOutboundFetch } from './oauth/outbound.js';
import { UserCalls } from './service/calls.js';
import { CredentialChanges } from './service/credentials.js';
import { ServiceEvents } from './service/events.js';
import { DefaultLinks } from './service/links.js';
import { OAuthSetup } from './service/oauth-setup.js';
import { NavigatorReads } from './service/reads.js';
import type { RevocationSummary } from './service/revocation.js';
import { SettingsWrites } from './service/settings.js';
import { UserStatus } from './service/user-status.js';
import { applySeed } from './store/seed.js';
import { NavigatorStore } from './store/store.js';
import type { InstanceRecord, OAuthSettings, ServerRecord, Tokens } from './store/store.js';

export interface ServiceOptions {
  store: NavigatorStore;
  pool: DownstreamPool;
  publicUrl: () => string;
  oauthTimeoutMs: number;
  log: (line: string) => void;
  /** How long a status check waits for the credential pings (default 2000 ms); slower servers keep their stored state. */
  verifyBudgetMs?: number;
  /** Host allow-list for MCP URLs and every OAuth request (empty = any host). */
  outboundHosts?: readonly string[];
  /** Times the verification budget (default the system clock). */
  clock?: Clock;
}

export { IN_CHAT_AUTH_UNAVAILABLE } from './service/settings.js';
export type { RevocationSummary } from './service/revocation.js';
export type { UserServer } from './service/reads.js';

/** What `NavigatorService.open` needs besides the service's own options. */
export interface OpenOptions extends Omit<ServiceOptions, 'store' | 'pool'> {
  dbPath: string;
  encryptionKey: Buffer;
  downstreamTimeoutMs: number;
}

export class NavigatorService extends NavigatorReads {
  private readonly events = new ServiceEvents();
  private readonly calls: UserCalls;
  private readonly links: DefaultLinks;
  private readonly userStatus: UserStatus;
  private readonly oauth: OAuthSetup;
  private readonly credentials: CredentialChanges;
  private readonly settings: SettingsWrites;

  constructor(private readonly opts: ServiceOptions) {
    super(opts.store, opts.pool);
    const { store, pool, log, clock } = opts;
    const policy = { allowHosts: opts.outboundHosts, timeoutMs: opts.oauthTimeoutMs, clock };
    const outbound = createOutboundFetch(policy);
    this.calls = new UserCalls(pool);
    this.links = new DefaultLinks(store, () => this.publicUrl);
    this.userStatus = new UserStatus({ store, pool, links: this.links, verifyBudgetMs: opts.verifyBudgetMs, clock });
    this.oauth = new OAuthSetup(store, () => this.redirectUri, outbound);
    this.credentials = new CredentialChanges({
      store,
      pool,
      events: this.events,
      revocation: { timeoutMs: opts.oauthTimeoutMs, fetch: outbound, log },
    });
    this.settings = new SettingsWrites({
      store,
      pool,
      events: this.events,
      oauth: this.oauth,
      credentials: this.credentials,
      policy,
      log,
    });
  }

  /** Opens the store and the downstream pool and builds the service over them. */
  static open(opts: OpenOptions): NavigatorService {
    const store = new NavigatorStore(opts.dbPath, opts.encryptionKey);
    // The pool tells the service when a failed refresh cost a user a server (live tool list, issue 14).
    const pool = new DownstreamPool({
      credentials: store,
      timeoutMs: opts.downstreamTimeoutMs,
      log: opts.log,
      onCredentialInvalid: (owner, serverId) => service.credentialChanged(owner, serverId),
      clock: opts.clock,
    });
    const service = new NavigatorService({ ...opts, store, pool });
    return service;
  }

  /** First-start seeding; the API key of each seeded instance ({} when the database was not empty). */
  seed(config: SeedConfig, passwordHashCost?: number): Promise<Record<string, string>> {
    return applySeed(this.store, config, passwordHashCost);
  }

  async close(): Promise<void> {
    await this.pool.close();
    this.store.close();
  }

  get publicUrl(): string {
    return this.opts.publicUrl();
  }
  get redirectUri(): string {
    return `${this.publicUrl}/auth/callback`;
  }

  // The call-as-user path (service/calls.ts)
  /** The server's tools as `userId` sees them (their own, the shared or no credential, by the server's level). */
  listToolsAs(userId: string, server: ServerRecord): Promise<Tool[]> {
    return this.calls.listToolsAs(userId, server);
  }
  /** One proxied tool call as `userId` (the hot path: no work beyond choosing the credential). */
  callToolAs(
    userId: string,
    server: ServerRecord,
    tool: string,
    args: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<CallToolResult> {
    return this.calls.callToolAs(userId, server, tool, args, signal);
  }

  // Change notices (service/events.ts)
  /** Called with an instance id whenever its tool list may have changed (toggle switched). */
  onInstanceChange(listener: (instanceId: string) => void): () => void {
    return this.events.onInstanceChange(listener);
  }
  /** Called with (owner, server id) whenever a credential was stored, deleted or marked invalid. */
  onCredentialChange(listener: (owner: string, serverId: number) => void): () => void {
    return this.events.onCredentialChange(listener);
  }
  /** Tells the credential listeners (also used by the pool when a refresh fails). */
  credentialChanged(owner: string, serverId: number): void {
    this.events.credentialChanged(owner, serverId);
  }

  // The default link and where a user stands (service/links.ts, service/user-status.ts)
  linkUrlFor(linkId: string): string {
    return this.links.urlFor(linkId);
  }
  /** The default link is usable while some instance of its project has In-Chat Authentication on. */
  linkActive(projectId: string): boolean {
    return this.links.active(projectId);
  }
  activeLinkUrl(projectId: string): string | undefined {
    return this.links.activeUrl(projectId);
  }
  /** The `get_authentication_link` status for `userId`; with `verify`, connected credentials are pinged first (B16). */
  status(userId: string, projectId: string, opts: { verify?: boolean } = {}): Promise<AuthLinkResult> {
    return this.userStatus.status(userId, projectId, opts);
  }
  /** Servers this user can use right now: connected user-level, project-level with a shared credential, and no-auth (B11). */
  usableServers(userId: string, projectId: string): ServerRecord[] {
    return this.userStatus.usableServers(userId, projectId);
  }

  // The auth flow: OAuth client and credentials (service/oauth-setup.ts, service/credentials.ts)
  /** OAuth client settings for `server`, discovering and registering when missing or stale. */
  ensureOAuth(server: ServerRecord): Promise<OAuthSettings> {
    return this.oauth.ensure(server);
  }
  saveCredential(owner: string, server: ServerRecord, tokens: Tokens): void {
    this.credentials.save(owner, server, tokens);
  }
  /** Deletes `owner`'s credential first (nothing keeps claiming a connection), then revokes its grant. */
  deleteCredential(owner: string, server: ServerRecord): Promise<{ removed: boolean; revocation: RevocationSummary }> {
    return this.credentials.delete(owner, server);
  }

  // Settings writes (service/settings.ts)
  createInstance(projectId: string, id: string, name: string, apiKey: string): InstanceRecord {
    return this.settings.createInstance(projectId, id, name, apiKey);
  }
  setInstanceMcpSettings(id: string, settings: { elicitation?: boolean; liveToolList?: boolean }): InstanceRecord {
    return this.settings.setInstanceMcpSettings(id, settings);
  }
  addServer(
    projectId: string,
    input: { name: string; displayName: string; mcpUrl: string; authLevel: AuthLevel },
  ): Promise<ServerRecord> {
    return this.settings.addServer(projectId, input);
  }
  updateServer(
    projectId: string,
    name: string,
    patch: { displayName?: string; authLevel?: AuthLevel },
  ): Promise<{ server: ServerRecord; disabledInstances: string[]; revocation?: RevocationSummary }> {
    return this.settings.updateServer(projectId, name, patch);
  }
  /** Removes the server and its credentials, then revokes every grant held for it at the provider. */
  removeServer(
    projectId: string,
    name: string,
  ): Promise<{ removed: boolean; disabledInstances: string[]; revocation: RevocationSummary }> {
    return this.settings.removeServer(projectId, name);
  }
  /** B6: refuse without a user-level server; B8: the first enable creates the default link. */
  setInChatAuth(instanceId: string, enabled: boolean): InstanceRecord {
    return this.settings.setInChatAuth(instanceId, enabled);
  }
}
