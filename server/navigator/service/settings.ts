/**
 * The settings API's writes, with their rules: server registration (outbound policy, OAuth discovery),
 * level changes and removal (the grants no longer used are deleted and revoked), In-Chat Authentication
 * switching with its preconditions (B6, B7: auto-disable when no user-level server is left; B8: the
 * first enable creates the default link), instances and their MCP settings.
 */
import type { AuthLevel } from '../../shared/contracts.js';
import { HttpError } from '../../shared/http.js';
import type { DownstreamPool } from '../downstream/pool.js';
import { outboundRefusal } from '../oauth/outbound.js';
import type { OutboundPolicy } from '../oauth/outbound.js';
import { PROJECT_OWNER } from '../store/store.js';
import type { InstanceRecord, NavigatorStore, OAuthSettings, ServerRecord, Tokens } from '../store/store.js';
import type { CredentialChanges } from './credentials.js';
import type { ServiceEvents } from './events.js';
import type { OAuthSetup } from './oauth-setup.js';
import type { RevocationSummary } from './revocation.js';

export const IN_CHAT_AUTH_UNAVAILABLE =
  'In-Chat Authentication needs at least one user-level server in the project: the link is for users to connect their own accounts.';

export interface SettingsDeps {
  store: NavigatorStore;
  pool: DownstreamPool;
  events: ServiceEvents;
  oauth: OAuthSetup;
  credentials: CredentialChanges;
  policy: OutboundPolicy;
  log: (line: string) => void;
}

export class SettingsWrites {
  private readonly store: NavigatorStore;

  constructor(private readonly deps: SettingsDeps) {
    this.store = deps.store;
  }

  createInstance(projectId: string, id: string, name: string, apiKey: string): InstanceRecord {
    if (this.store.getInstance(id)) throw new HttpError('conflict', `Instance '${id}' already exists`);
    return this.store.createInstance(projectId, id, name, apiKey);
  }
  setInstanceMcpSettings(id: string, settings: { elicitation?: boolean; liveToolList?: boolean }): InstanceRecord {
    if (!this.store.getInstance(id)) throw new HttpError('not_found', `No navigator instance '${id}'`);
    this.store.setInstanceMcpSettings(id, settings);
    return this.store.getInstance(id) ?? noInstance(id);
  }

  async addServer(
    projectId: string,
    input: { name: string; displayName: string; mcpUrl: string; authLevel: AuthLevel },
  ): Promise<ServerRecord> {
    if (!this.store.getProject(projectId)) throw new HttpError('not_found', `No project '${projectId}'`);
    if (this.store.getServer(projectId, input.name))
      throw new HttpError('conflict', `A server named '${input.name}' already exists in this project`);
    const refusal = outboundRefusal(input.mcpUrl, this.deps.policy);
    if (refusal)
      throw new HttpError('unprocessable', `Refused ${input.mcpUrl}: the MCP URL ${refusal}. Nothing was added.`);
    let oauth: OAuthSettings | undefined;
    if (input.authLevel !== 'none') oauth = await this.deps.oauth.forAdmin(input.mcpUrl);
    return this.store.addServer(projectId, { ...input, oauth });
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
      this.store.setServerOAuth(current, await this.deps.oauth.forAdmin(current.mcpUrl, 'Nothing was changed.'));
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
    const grants = this.deps.credentials.take(current, affected);
    const server = this.store.updateServer(projectId, name, patch);
    if (!server) throw new HttpError('not_found', `No server '${name}' in project '${projectId}'`);
    this.deps.pool.dropServer(server.id);
    const disabledInstances = this.autoDisable(projectId);
    return {
      server,
      disabledInstances,
      ...(levelChanged ? { revocation: await this.deps.credentials.revokeAll(current, grants) } : {}),
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
    this.deps.pool.dropServer(server.id);
    const disabledInstances = this.autoDisable(projectId);
    return { removed: true, disabledInstances, revocation: await this.deps.credentials.revokeAll(server, grants) };
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
      this.deps.events.instanceChanged(instanceId);
    }
    return this.store.getInstance(instanceId) ?? instance;
  }

  /** B7: when the project has no user-level server left, In-Chat Authentication goes off everywhere in it. */
  private autoDisable(projectId: string): string[] {
    if (this.hasUserLevelServer(projectId)) return [];
    const disabled: string[] = [];
    for (const i of this.store.listInstances(projectId)) {
      if (!i.inChatAuth) continue;
      this.store.setInChatAuth(i.id, false);
      disabled.push(i.id);
      this.deps.events.instanceChanged(i.id);
    }
    if (disabled.length > 0)
      this.deps.log(`In-Chat Authentication switched off on ${disabled.join(', ')}: no user-level server left`);
    return disabled;
  }

  private hasUserLevelServer(projectId: string): boolean {
    return this.store.listServers(projectId).some((s) => s.authLevel === 'user');
  }
}

function noInstance(instanceId: string): never {
  throw new HttpError('not_found', `No navigator instance '${instanceId}'`);
}
