/**
 * NavigatorService: the one owner of the store and the pool, and the one API the MCP gateway, the
 * guided auth flow and the settings API use, by intention. It wires the parts, each in its own module:
 * reads (service/reads.ts, the base class), proxied calls as a user (service/calls.ts), the default link (service/links.ts),
 * status per user (service/user-status.ts), OAuth client setup (service/oauth-setup.ts), credential
 * changes and revocation (service/credentials.ts, service/revocation.ts), settings writes with their
 * rules (service/settings.ts) and change notices (service/events.ts).
 */
import type { Clock } from '../shared/clock.js';
import type { SeedConfig } from './config.js';
import { DownstreamPool } from './downstream/pool.js';
import { createOutboundFetch } from './oauth/outbound.js';
import { UserCalls } from './service/calls.js';
import { CredentialChanges } from './service/credentials.js';
import { ServiceEvents } from './service/events.js';
import { DefaultLinks } from './service/links.js';
import { OAuthSetup } from './service/oauth-setup.js';
import { NavigatorReads } from './service/reads.js';
import { SettingsWrites } from './service/settings.js';
import { UserStatus } from './service/user-status.js';
import { applySeed } from './store/seed.js';
import { NavigatorStore } from './store/store.js';

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
    const { calls, events, links, userStatus, oauth, credentials, settings } = this;
    this.listToolsAs = calls.listToolsAs.bind(calls);
    this.callToolAs = calls.callToolAs.bind(calls);
    this.onInstanceChange = events.onInstanceChange.bind(events);
    this.onCredentialChange = events.onCredentialChange.bind(events);
    this.credentialChanged = events.credentialChanged.bind(events);
    this.linkUrlFor = links.urlFor.bind(links);
    this.linkActive = links.active.bind(links);
    this.activeLinkUrl = links.activeUrl.bind(links);
    this.status = userStatus.status.bind(userStatus);
    this.usableServers = userStatus.usableServers.bind(userStatus);
    this.ensureOAuth = oauth.ensure.bind(oauth);
    this.saveCredential = credentials.save.bind(credentials);
    this.deleteCredential = credentials.delete.bind(credentials);
    this.createInstance = settings.createInstance.bind(settings);
    this.setInstanceMcpSettings = settings.setInstanceMcpSettings.bind(settings);
    this.addServer = settings.addServer.bind(settings);
    this.updateServer = settings.updateServer.bind(settings);
    this.removeServer = settings.removeServer.bind(settings);
    this.setInChatAuth = settings.setInChatAuth.bind(settings);
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

  // The parts' methods, bound: each is declared once, in its module, and the service hands it out as is.
  // Proxied calls as a user (service/calls.ts).
  /** The server's tools as `userId` sees them (their own, the shared or no credential, by the server's level). */
  readonly listToolsAs: UserCalls['listToolsAs'];
  /** One proxied tool call as `userId` (the hot path: no work beyond choosing the credential). */
  readonly callToolAs: UserCalls['callToolAs'];
  // Change notices (service/events.ts).
  /** Called with an instance id whenever its tool list may have changed (toggle switched). */
  readonly onInstanceChange: ServiceEvents['onInstanceChange'];
  /** Called with (owner, server id) whenever a credential was stored, deleted or marked invalid. */
  readonly onCredentialChange: ServiceEvents['onCredentialChange'];
  /** Tells the credential listeners (also used by the pool when a refresh fails). */
  readonly credentialChanged: ServiceEvents['credentialChanged'];
  // The default link and where a user stands (service/links.ts, service/user-status.ts).
  readonly linkUrlFor: DefaultLinks['urlFor'];
  /** The default link is usable while some instance of its project has In-Chat Authentication on. */
  readonly linkActive: DefaultLinks['active'];
  readonly activeLinkUrl: DefaultLinks['activeUrl'];
  /** The `get_authentication_link` status for `userId`; with `verify`, connected credentials are pinged first (B16). */
  readonly status: UserStatus['status'];
  /** Servers this user can use right now: connected user-level, project-level with a shared credential, and no-auth (B11). */
  readonly usableServers: UserStatus['usableServers'];
  // The auth flow: OAuth client and credentials (service/oauth-setup.ts, service/credentials.ts).
  /** OAuth client settings for `server`, discovering and registering when missing or stale. */
  readonly ensureOAuth: OAuthSetup['ensure'];
  readonly saveCredential: CredentialChanges['save'];
  /** Deletes `owner`'s credential first (nothing keeps claiming a connection), then revokes its grant. */
  readonly deleteCredential: CredentialChanges['delete'];
  // Settings writes with their rules (service/settings.ts).
  readonly createInstance: SettingsWrites['createInstance'];
  readonly setInstanceMcpSettings: SettingsWrites['setInstanceMcpSettings'];
  readonly addServer: SettingsWrites['addServer'];
  readonly updateServer: SettingsWrites['updateServer'];
  /** Removes the server and its credentials, then revokes every grant held for it at the provider. */
  readonly removeServer: SettingsWrites['removeServer'];
  /** B6: refuse without a user-level server; B8: the first enable creates the default link. */
  readonly setInChatAuth: SettingsWrites['setInChatAuth'];
}
