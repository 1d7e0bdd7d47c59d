/**
 * The navigator's rules, shared by the MCP gateway, the guided auth flow and the settings API:
 * the live default link (B8), status per user (B2-B5, B10, B16), In-Chat Authentication switching
 * with its preconditions (B6, B7), server registration with OAuth discovery, credential changes.
 */
import { systemClock, type Clock, type Timer } from '../shared/clock.js';
import type { AuthLevel, AuthLinkResult } from '../shared/contracts.js';
import { HttpError } from '../shared/http.js';
import type { SeedConfig } from './config.js';
import { DownstreamPool } from './downstream/pool.js';
import { discoverAndRegister } from './oauth/discovery.js';
import { OAuthFlowError, OAuthRuleError, settingsMatchServer } from './oauth/http.js';
import { createOutboundFetch, outboundRefusal } from './oauth/outbound.js';
import type { FetchLike, OutboundPolicy } from './oauth/outbound.js';
import { NavigatorReads } from './service/reads.js';
import { revokeGrants } from './service/revocation.js';
import type { RevocationSummary } from './service/revocation.js';
import { computeAuthStatus } from './status.js';
import { applySeed } from './store/seed.js';
import { NavigatorStore, PROJECT_OWNER } from './store/store.js';
import type { InstanceRecord, OAuthSettings, ServerRecord, Tokens } from './store/store.js';

export const IN_CHAT_AUTH_UNAVAILABLE =
  'In-Chat Authentication needs at least one user-level server in the project: the link is for users to connect their own accounts.';

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

export type { RevocationSummary } from './service/revocation.js';
export type { UserServer } from './service/reads.js';

/** What `NavigatorService.open` needs besides the service's own options. */
export interface OpenOptions extends Omit<ServiceOptions, 'store' | 'pool'> {
  dbPath: string;
  encryptionKey: Buffer;
  downstreamTimeoutMs: number;
}

export class NavigatorService extends NavigatorReads {
  private readonly instanceListeners = new Set<(instanceId: string) => void>();
  private readonly credentialListeners = new Set<(owner: string, serverId: number) => void>();
  private readonly oauthSetups = new Map<string, Promise<OAuthSettings>>();
  private readonly outbound: FetchLike;
  private readonly policy: OutboundPolicy;

  constructor(private readonly opts: ServiceOptions) {
    super(opts.store, opts.pool);
    this.policy = { allowHosts: opts.outboundHosts, timeoutMs: opts.oauthTimeoutMs, clock: opts.clock };
    this.outbound = createOutboundFetch(this.policy);
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

  createInstance(projectId: string, id: string, name: string, apiKey: string): InstanceRecord {
    if (this.store.getInstance(id)) throw new HttpError('conflict', `Instance '${id}' already exists`);
    return this.store.createInstance(projectId, id, name, apiKey);
  }
  setInstanceMcpSettings(id: string, settings: { elicitation?: boolean; liveToolList?: boolean }): InstanceRecord {
    if (!this.store.getInstance(id)) throw new HttpError('not_found', `No navigator instance '${id}'`);
    this.store.setInstanceMcpSettings(id, settings);
    return this.store.getInstance(id) ?? fail(id);
  }

  get publicUrl(): string {
    return this.opts.publicUrl();
  }
  get redirectUri(): string {
    return `${this.publicUrl}/auth/callback`;
  }

  /** Called with an instance id whenever its tool list may have changed (toggle switched). */
  onInstanceChange(listener: (instanceId: string) => void): () => void {
    this.instanceListeners.add(listener);
    return () => this.instanceListeners.delete(listener);
  }

  /** Called with (owner, server id) whenever a credential was stored, deleted or marked invalid. */
  onCredentialChange(listener: (owner: string, serverId: number) => void): () => void {
    this.credentialListeners.add(listener);
    return () => this.credentialListeners.delete(listener);
  }

  /** Tells the credential listeners (also used by the pool when a refresh fails). */
  credentialChanged(owner: string, serverId: number): void {
    for (const l of this.credentialListeners) l(owner, serverId);
  }

  linkUrlFor(linkId: string): string {
    return `${this.publicUrl}/auth?auth_link_id=${encodeURIComponent(linkId)}`;
  }

  /** The default link is usable while some instance of its project has In-Chat Authentication on. */
  linkActive(projectId: string): boolean {
    return (
      this.store.getAuthLinkId(projectId) !== undefined && this.store.listInstances(projectId).some((i) => i.inChatAuth)
    );
  }

  activeLinkUrl(projectId: string): string | undefined {
    const id = this.store.getAuthLinkId(projectId);
    return id !== undefined && this.store.listInstances(projectId).some((i) => i.inChatAuth)
      ? this.linkUrlFor(id)
      : undefined;
  }

  /**
   * Status for `userId`: one indexed query for the user's credentials (servers, link and instances come
   * from the store's caches). With `verify`, each connected user-level credential is pinged on its
   * server in parallel (B16), bounded by `verifyBudgetMs`; the credentials are read again only when a
   * ping found one invalid.
   */
  async status(userId: string, projectId: string, opts: { verify?: boolean } = {}): Promise<AuthLinkResult> {
    const servers = this.store.listServers(projectId);
    let credentials = this.store.credentialStates(userId, projectId);
    if (opts.verify) {
      const connected = servers.filter((s) => s.authLevel === 'user' && credentials.get(s.id) === 'valid');
      if (connected.length > 0) {
        const budget = this.opts.verifyBudgetMs ?? 2_000;
        // A ping past the budget goes on and still marks what it finds; this answer keeps the stored state.
        const outcomes = await Promise.all(
          connected.map((s) => withBudget(this.pool.verify(userId, s), budget, this.opts.clock)),
        );
        if (outcomes.includes('invalid')) credentials = this.store.credentialStates(userId, projectId);
      }
    }
    return computeAuthStatus({ servers, credentials, authLink: this.activeLinkUrl(projectId) });
  }

  /** Servers this user can use right now: connected user-level, project-level with a shared credential, and no-auth (B11). */
  usableServers(userId: string, projectId: string): ServerRecord[] {
    const states = this.store.credentialStates(userId, projectId);
    const shared = this.store.credentialStates(PROJECT_OWNER, projectId);
    return this.store
      .listServers(projectId)
      .filter((s) =>
        s.authLevel === 'none'
          ? true
          : s.authLevel === 'project'
            ? shared.get(s.id) === 'valid'
            : states.get(s.id) === 'valid',
      );
  }

  /** OAuth client settings for `server`, discovering and registering when missing or stale. */
  async ensureOAuth(server: ServerRecord): Promise<OAuthSettings> {
    // Read it fresh: another request may have registered since the caller loaded `server`.
    const current = this.store.getServer(server.projectId, server.name) ?? server;
    // Settings for another resource (stored before the RFC 9728 check) are discovered again, and refused if still wrong.
    if (
      current.oauth &&
      current.oauth.redirect_uri === this.redirectUri &&
      settingsMatchServer(current.oauth, current.mcpUrl)
    )
      return current.oauth;
    // One registration per server at a time: concurrent first connections must share one client_id,
    // or the callback of the earlier one exchanges its code with the later client and fails.
    const key = `${current.id}|${this.redirectUri}`;
    let setup = this.oauthSetups.get(key);
    if (!setup) {
      setup = discoverAndRegister(current.mcpUrl, this.redirectUri, { fetch: this.outbound })
        .then((oauth) => {
          this.store.setServerOAuth(current, oauth);
          return oauth;
        })
        .finally(() => this.oauthSetups.delete(key));
      this.oauthSetups.set(key, setup);
    }
    return setup;
  }

  async addServer(
    projectId: string,
    input: { name: string; displayName: string; mcpUrl: string; authLevel: AuthLevel },
  ): Promise<ServerRecord> {
    if (!this.store.getProject(projectId)) throw new HttpError('not_found', `No project '${projectId}'`);
    if (this.store.getServer(projectId, input.name))
      throw new HttpError('conflict', `A server named '${input.name}' already exists in this project`);
    const refusal = outboundRefusal(input.mcpUrl, this.policy);
    if (refusal)
      throw new HttpError('unprocessable', `Refused ${input.mcpUrl}: the MCP URL ${refusal}. Nothing was added.`);
    let oauth: OAuthSettings | undefined;
    if (input.authLevel !== 'none') oauth = await this.discoverForAdmin(input.mcpUrl);
    return this.store.addServer(projectId, { ...input, oauth });
  }

  /** Discovery + registration for a settings request: a refusal is a 422 naming the rule; nothing is stored. */
  private async discoverForAdmin(mcpUrl: string, unchanged = 'Nothing was added.'): Promise<OAuthSettings> {
    try {
      return await discoverAndRegister(mcpUrl, this.redirectUri, { fetch: this.outbound });
    } catch (err) {
      if (err instanceof OAuthRuleError)
        throw new HttpError('unprocessable', `Refused ${mcpUrl}: ${err.message}. ${unchanged}`, { rule: err.rule });
      const msg = err instanceof OAuthFlowError ? err.message : 'OAuth discovery failed';
      throw new HttpError('unprocessable', `Could not set up OAuth for ${mcpUrl}: ${msg}. ${unchanged}`);
    }
  }

  async updateServer(
    projectId: string,
    name: string,
    patch: { displayName?: string; authLevel?: AuthLevel },
  ): Promise<{ server: ServerRecord; disabledInstances: string[]; revocation?: RevocationSummary }> {
    const current = this.store.getServer(projectId, name);
    if (!current) throw new HttpError('not_found', `No server '${name}' in project '${projectId}'`);
    // Switching to an OAuth level needs a working OAuth setup: refused (nothing changed) when discovery is.
    if (patch.authLevel && patch.authLevel !== 'none' && !current.oauth)
      this.store.setServerOAuth(current, await this.discoverForAdmin(current.mcpUrl, 'Nothing was changed.'));
    const levelChanged = patch.authLevel !== undefined && patch.authLevel !== current.authLevel;
    // Grants the new level no longer uses: users' ones when it stops being user-level, the shared one when it stops being project-level.
    const affected = levelChanged
      ? this.store
          .credentialOwners(current.id)
          .filter((o) =>
            patch.authLevel === 'user'
              ? o === PROJECT_OWNER
              : patch.authLevel === 'project'
                ? o !== PROJECT_OWNER
                : true,
          )
      : [];
    const grants = this.takeGrants(current, affected);
    const server = this.store.updateServer(projectId, name, patch);
    if (!server) throw new HttpError('not_found', `No server '${name}' in project '${projectId}'`);
    this.pool.dropServer(server.id);
    const disabledInstances = this.autoDisable(projectId);
    return {
      server,
      disabledInstances,
      ...(levelChanged ? { revocation: await this.revokeAll(current, grants) } : {}),
    };
  }

  /** Removes the server and its credentials, then revokes every grant held for it at the provider. */
  async removeServer(
    projectId: string,
    name: string,
  ): Promise<{ removed: boolean; disabledInstances: string[]; revocation: RevocationSummary }> {
    const server = this.store.getServer(projectId, name);
    if (!server) throw new HttpError('not_found', `No server '${name}' in project '${projectId}'`);
    const grants: Tokens[] = [];
    for (const owner of this.store.credentialOwners(server.id)) {
      const cred = this.store.getCredential(owner, server.id);
      if (cred) grants.push(cred);
    }
    this.store.removeServer(projectId, name);
    this.pool.dropServer(server.id);
    const disabledInstances = this.autoDisable(projectId);
    return { removed: true, disabledInstances, revocation: await this.revokeAll(server, grants) };
  }

  /** B6: refuse without a user-level server; B8: the first enable creates the default link. */
  setInChatAuth(instanceId: string, enabled: boolean): InstanceRecord {
    const instance = this.store.getInstance(instanceId);
    if (!instance) throw new HttpError('not_found', `No navigator instance '${instanceId}'`);
    if (enabled && !this.hasUserLevelServer(instance.projectId))
      throw new HttpError('conflict', IN_CHAT_AUTH_UNAVAILABLE);
    if (enabled) this.store.ensureAuthLink(instance.projectId);
    if (instance.inChatAuth !== enabled) {
      this.store.setInChatAuth(instanceId, enabled);
      this.emit(instanceId);
    }
    return this.store.getInstance(instanceId) ?? instance;
  }

  saveCredential(owner: string, server: ServerRecord, tokens: Tokens): void {
    this.store.saveCredential(owner, server.id, tokens);
    this.pool.drop(owner, server.id);
    this.credentialChanged(owner, server.id);
  }

  /** Deletes `owner`'s credential first (nothing keeps claiming a connection), then revokes its grant. */
  async deleteCredential(
    owner: string,
    server: ServerRecord,
  ): Promise<{ removed: boolean; revocation: RevocationSummary }> {
    const grants = this.takeGrants(server, [owner]);
    return { removed: grants.length > 0, revocation: await this.revokeAll(server, grants) };
  }

  /** Reads and deletes the credentials of `owners` for `server`; returns their tokens for revocation. */
  private takeGrants(server: ServerRecord, owners: readonly string[]): Tokens[] {
    const grants: Tokens[] = [];
    for (const owner of owners) {
      const cred = this.store.getCredential(owner, server.id);
      this.pool.drop(owner, server.id);
      if (this.store.deleteCredential(owner, server.id)) {
        this.credentialChanged(owner, server.id);
        if (cred) grants.push(cred);
      }
    }
    return grants;
  }

  /** RFC 7009 at the server's revocation endpoint (service/revocation.ts). */
  private revokeAll(server: ServerRecord, grants: readonly Tokens[]): Promise<RevocationSummary> {
    return revokeGrants(server, grants, {
      timeoutMs: this.opts.oauthTimeoutMs,
      fetch: this.outbound,
      log: this.opts.log,
    });
  }

  private autoDisable(projectId: string): string[] {
    if (this.hasUserLevelServer(projectId)) return [];
    const disabled: string[] = [];
    for (const i of this.store.listInstances(projectId)) {
      if (!i.inChatAuth) continue;
      this.store.setInChatAuth(i.id, false);
      disabled.push(i.id);
      this.emit(i.id);
    }
    if (disabled.length > 0)
      this.opts.log(`In-Chat Authentication switched off on ${disabled.join(', ')}: no user-level server left`);
    return disabled;
  }

  private emit(instanceId: string): void {
    for (const l of this.instanceListeners) l(instanceId);
  }
}

function fail(instanceId: string): never {
  throw new HttpError('not_found', `No navigator instance '${instanceId}'`);
}

/** `work`'s value, or undefined when it takes longer than `ms`. */
async function withBudget<T>(work: Promise<T>, ms: number, clock: Clock = systemClock): Promise<T | undefined> {
  let timer: Timer | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = clock.after(ms, () => resolve(undefined));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    timer?.cancel();
  }
}
