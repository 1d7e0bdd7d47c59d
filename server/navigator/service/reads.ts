/**
 * The navigator service's reads: what the gateway, the guided flow and the settings API ask of the
 * data, by intention (proxied calls are in calls.ts). The store and the pool stay inside the service
 * (protected here, private to everything else); NavigatorService (../service.ts) adds the rest.
 */
import type { DownstreamPool } from '../downstream/pool.js';
import { userServerState } from '../status.js';
import type { UserServerState } from '../status.js';
import { PROJECT_OWNER } from '../store/store.js';
import type { InstanceRecord, NavigatorStore, ServerRecord, UserRecord } from '../store/store.js';
import { NavigatorTesting } from '../store/testing.js';

/** A user-level server and where this user stands with it (the guided flow's list). */
export interface UserServer {
  name: string;
  displayName: string;
  state: UserServerState;
}

export abstract class NavigatorReads {
  /** The one test seam (tests, harness, bench): see store/testing.ts. Product code never uses it. */
  readonly testing: NavigatorTesting;

  protected constructor(
    protected readonly store: NavigatorStore,
    protected readonly pool: DownstreamPool,
  ) {
    this.testing = new NavigatorTesting(store);
  }

  // Reads for the gateway, the guided flow and the settings API.
  project(id: string): { id: string; name: string } | undefined {
    return this.store.getProject(id);
  }
  /** The project of a default auth link id. */
  projectOfLink(linkId: string): { id: string; name: string } | undefined {
    const projectId = this.store.getAuthLinkProject(linkId);
    return projectId ? this.store.getProject(projectId) : undefined;
  }
  user(id: string): UserRecord | undefined {
    return this.store.getUser(id);
  }
  instance(id: string): InstanceRecord | undefined {
    return this.store.getInstance(id);
  }
  instances(projectId: string): readonly InstanceRecord[] {
    return this.store.listInstances(projectId);
  }
  server(projectId: string, name: string): ServerRecord | undefined {
    return this.store.getServer(projectId, name);
  }
  serverById(projectId: string, serverId: number): ServerRecord | undefined {
    return this.store.listServers(projectId).find((s) => s.id === serverId);
  }
  servers(projectId: string): readonly ServerRecord[] {
    return this.store.listServers(projectId);
  }
  defaultLinkId(projectId: string): string | undefined {
    return this.store.getAuthLinkId(projectId);
  }
  /** True while `owner` holds a valid credential for the server. */
  hasValidCredential(owner: string, serverId: number): boolean {
    return this.store.getCredential(owner, serverId)?.status === 'valid';
  }
  /** Ids of the project's project-level servers whose shared credential is valid. */
  sharedConnected(projectId: string): Set<number> {
    const shared = this.store.credentialStates(PROJECT_OWNER, projectId);
    return new Set([...shared].filter(([, st]) => st === 'valid').map(([id]) => id));
  }
  /** How many users hold a credential, per server id of the project. */
  connectedUserCounts(projectId: string): Map<number, number> {
    return this.store.userCredentialCounts(projectId);
  }
  /** The user-level servers of the project with this user's state, as the guided flow lists them. */
  userServers(userId: string, projectId: string): UserServer[] {
    const states = this.store.credentialStates(userId, projectId);
    return this.store
      .listServers(projectId)
      .filter((s) => s.authLevel === 'user')
      .map((s) => ({ name: s.name, displayName: s.displayName, state: userServerState(states.get(s.id)) }));
  }

  hasUserLevelServer(projectId: string): boolean {
    return this.store.listServers(projectId).some((s) => s.authLevel === 'user');
  }
}
