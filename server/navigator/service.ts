/**
 * The navigator's rules, shared by the MCP gateway, the guided auth flow and the settings API:
 * the live default link (B8), status per user (B2-B5, B10, B16), In-Chat Authentication switching
 * with its preconditions (B6, B7), server registration with OAuth discovery, credential changes.
 */
import type { AuthLevel, AuthLinkResult } from '../shared/contracts.js';
import { HttpError } from '../shared/http.js';
import { discoverAndRegister } from './oauth/discovery.js';
import { OAuthFlowError } from './oauth/http.js';
import type { DownstreamPool } from './downstream/pool.js';
import { computeAuthStatus } from './status.js';
import { PROJECT_OWNER } from './store/store.js';
import type { InstanceRecord, NavigatorStore, OAuthSettings, ServerRecord, Tokens } from './store/store.js';

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
}

export class NavigatorService {
  readonly store: NavigatorStore;
  readonly pool: DownstreamPool;
  private readonly instanceListeners = new Set<(instanceId: string) => void>();
  private readonly credentialListeners = new Set<(owner: string, serverId: number) => void>();
  private readonly oauthSetups = new Map<string, Promise<OAuthSettings>>();

  constructor(private readonly opts: ServiceOptions) {
    this.store = opts.store;
    this.pool = opts.pool;
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

  hasUserLevelServer(projectId: string): boolean {
    return this.store.listServers(projectId).some((s) => s.authLevel === 'user');
  }

  linkUrlFor(linkId: string): string {
    return `${this.publicUrl}/auth?auth_link_id=${encodeURIComponent(linkId)}`;
  }

  /** The default link is usable while some instance of its project has In-Chat Authentication on. */
  linkActive(projectId: string): boolean {
    return this.store.getAuthLinkId(projectId) !== undefined && this.store.listInstances(projectId).some((i) => i.inChatAuth);
  }

  activeLinkUrl(projectId: string): string | undefined {
    const id = this.store.getAuthLinkId(projectId);
    return id !== undefined && this.store.listInstances(projectId).some((i) => i.inChatAuth) ? this.linkUrlFor(id) : undefined;
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
        const outcomes = await Promise.all(connected.map((s) => withBudget(this.pool.verify(userId, s), budget)));
        if (outcomes.includes('invalid')) credentials = this.store.credentialStates(userId, projectId);
      }
    }
    return computeAuthStatus({ servers, credentials, authLink: this.activeLinkUrl(projectId) });
  }

  /** Servers this user can use right now: connected user-level, project-level with a shared credential, and no-auth (B11). */
  usableServers(userId: string, projectId: string): ServerRecord[] {
    const states = this.store.credentialStates(userId, projectId);
    const shared = this.store.credentialStates(PROJECT_OWNER, projectId);
    return this.store.listServers(projectId).filter((s) =>
      s.authLevel === 'none' ? true : s.authLevel === 'project' ? shared.get(s.id) === 'valid' : states.get(s.id) === 'valid',
    );
  }

  /** OAuth client settings for `server`, discovering and registering when missing or stale. */
  async ensureOAuth(server: ServerRecord): Promise<OAuthSettings> {
    // Read it fresh: another request may have registered since the caller loaded `server`.
    const current = this.store.getServer(server.projectId, server.name) ?? server;
    if (current.oauth && current.oauth.redirect_uri === this.redirectUri) return current.oauth;
    // One registration per server at a time: concurrent first connections must share one client_id,
    // or the callback of the earlier one exchanges its code with the later client and fails.
    const key = `${current.id}|${this.redirectUri}`;
    let setup = this.oauthSetups.get(key);
    if (!setup) {
      setup = discoverAndRegister(current.mcpUrl, this.redirectUri, this.opts.oauthTimeoutMs)
        .then((oauth) => {
          this.store.setServerOAuth(current, oauth);
          return oauth;
        })
        .finally(() => this.oauthSetups.delete(key));
      this.oauthSetups.set(key, setup);
    }
    return setup;
  }

  async addServer(projectId: string, input: { name: string; displayName: string; mcpUrl: string; authLevel: AuthLevel }): Promise<ServerRecord> {
    if (!this.store.getProject(projectId)) throw new HttpError('not_found', `No project '${projectId}'`);
    if (this.store.getServer(projectId, input.name)) throw new HttpError('conflict', `A server named '${input.name}' already exists in this project`);
    let oauth: OAuthSettings | undefined;
    if (input.authLevel !== 'none') {
      try {
        oauth = await discoverAndRegister(input.mcpUrl, this.redirectUri, this.opts.oauthTimeoutMs);
      } catch (err) {
        const msg = err instanceof OAuthFlowError ? err.message : 'OAuth discovery failed';
        throw new HttpError('bad_gateway', `Could not set up OAuth for ${input.mcpUrl}: ${msg}`);
      }
    }
    return this.store.addServer(projectId, { ...input, oauth });
  }

  async updateServer(projectId: string, name: string, patch: { displayName?: string; authLevel?: AuthLevel }): Promise<{ server: ServerRecord; disabledInstances: string[] }> {
    const current = this.store.getServer(projectId, name);
    if (!current) throw new HttpError('not_found', `No server '${name}' in project '${projectId}'`);
    // Best effort: when discovery fails now, the first Connect runs ensureOAuth again and reports it.
    if (patch.authLevel && patch.authLevel !== 'none' && !current.oauth) await this.ensureOAuth(current).catch(() => undefined);
    const server = this.store.updateServer(projectId, name, patch);
    if (!server) throw new HttpError('not_found', `No server '${name}' in project '${projectId}'`);
    this.pool.dropServer(server.id);
    return { server, disabledInstances: this.autoDisable(projectId) };
  }

  removeServer(projectId: string, name: string): { removed: boolean; disabledInstances: string[] } {
    const server = this.store.getServer(projectId, name);
    if (!server) throw new HttpError('not_found', `No server '${name}' in project '${projectId}'`);
    this.store.removeServer(projectId, name);
    this.pool.dropServer(server.id);
    return { removed: true, disabledInstances: this.autoDisable(projectId) };
  }

  /** B6: refuse without a user-level server; B8: the first enable creates the default link. */
  setInChatAuth(instanceId: string, enabled: boolean): InstanceRecord {
    const instance = this.store.getInstance(instanceId);
    if (!instance) throw new HttpError('not_found', `No navigator instance '${instanceId}'`);
    if (enabled && !this.hasUserLevelServer(instance.projectId)) throw new HttpError('conflict', IN_CHAT_AUTH_UNAVAILABLE);
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

  deleteCredential(owner: string, server: ServerRecord): boolean {
    this.pool.drop(owner, server.id);
    const deleted = this.store.deleteCredential(owner, server.id);
    if (deleted) this.credentialChanged(owner, server.id);
    return deleted;
  }

  /** B7: with no user-level server left, switch In-Chat Authentication off everywhere in the project. */
  private autoDisable(projectId: string): string[] {
    if (this.hasUserLevelServer(projectId)) return [];
    const disabled: string[] = [];
    for (const i of this.store.listInstances(projectId)) {
      if (!i.inChatAuth) continue;
      this.store.setInChatAuth(i.id, false);
      disabled.push(i.id);
      this.emit(i.id);
    }
    if (disabled.length > 0) this.opts.log(`In-Chat Authentication switched off on ${disabled.join(', ')}: no user-level server left`);
    return disabled;
  }

  private emit(instanceId: string): void {
    for (const l of this.instanceListeners) l(instanceId);
  }
}

/** `work`'s value, or undefined when it takes longer than `ms`. */
async function withBudget<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
