/**
 * The navigator's persistent state in SQLite, behind one object: projects, servers, instances, the
 * default auth links, users and encrypted credentials. Each table lives in its own module with its own
 * prepared statements (servers.ts, instances.ts, directory.ts, credentials.ts); the small, hot tables
 * (servers, instances, auth links) are cached in memory and the cache is dropped on every write, so the
 * MCP call path never touches the disk and a status check costs one indexed query.
 */
import type { Database } from 'better-sqlite3';
import type { AuthLevel } from '../../shared/contracts.js';
import { CredentialTable } from './credentials.js';
import { AuthLinkTable, ProjectTable, UserTable } from './directory.js';
import { InstanceTable } from './instances.js';
import { openDatabase } from './open.js';
import type {
  Credential,
  CredentialRowInfo,
  CredentialStatus,
  InstanceRecord,
  OAuthSettings,
  ServerRecord,
  Tokens,
  UserRecord,
} from './records.js';
import { ServerTable } from './servers.js';

export { PROJECT_OWNER } from './records.js';
// Importers read the record types from the store, as before the tables had files of their own.
export type * from './records.js';
export { CREDENTIAL_STATES_SQL } from './credentials.js';

export interface StoreOptions {
  /** Counts every statement SQLite runs (better-sqlite3's `verbose` hook); read with `queryCount`. Tests only. */
  countQueries?: boolean;
}

export class NavigatorStore {
  private readonly db: Database;
  /** Statements run since the store opened, when created with `countQueries` (always 0 otherwise). */
  queryCount = 0;
  private readonly projects: ProjectTable;
  private readonly servers: ServerTable;
  private readonly instances: InstanceTable;
  private readonly links: AuthLinkTable;
  private readonly users: UserTable;
  private readonly credentials: CredentialTable;

  constructor(dbPath: string, encryptionKey: Buffer, opts: StoreOptions = {}) {
    this.db = openDatabase(dbPath, opts.countQueries ? () => void this.queryCount++ : undefined);
    this.projects = new ProjectTable(this.db);
    this.servers = new ServerTable(this.db, encryptionKey);
    this.instances = new InstanceTable(this.db);
    this.links = new AuthLinkTable(this.db);
    this.users = new UserTable(this.db);
    this.credentials = new CredentialTable(this.db, encryptionKey);
  }

  close(): void {
    this.db.close();
  }

  /** Runs `work` in one SQLite transaction (seeding, bulk test data). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Row count of a table: for the test seam and the bench, never for product decisions. */
  rowCount(table: 'users' | 'servers' | 'credentials' | 'instances'): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  /** Every credential row without its secret, for the test seam. */
  credentialRows(): CredentialRowInfo[] {
    return this.credentials.rows();
  }

  isEmpty(): boolean {
    return this.projects.isEmpty();
  }

  // Projects
  createProject(id: string, name: string): void {
    this.projects.create(id, name);
  }
  getProject(id: string): { id: string; name: string } | undefined {
    return this.projects.get(id);
  }

  // Server instances
  listServers(projectId: string): readonly ServerRecord[] {
    return this.servers.list(projectId);
  }
  getServer(projectId: string, name: string): ServerRecord | undefined {
    return this.servers.get(projectId, name);
  }
  addServer(
    projectId: string,
    s: { name: string; displayName: string; mcpUrl: string; authLevel: AuthLevel; oauth?: OAuthSettings },
  ): ServerRecord {
    return this.servers.add(projectId, s);
  }
  updateServer(
    projectId: string,
    name: string,
    patch: { displayName?: string; authLevel?: AuthLevel },
  ): ServerRecord | undefined {
    return this.servers.update(projectId, name, patch);
  }
  setServerOAuth(server: ServerRecord, oauth: OAuthSettings): void {
    this.servers.setOAuth(server, oauth);
  }
  removeServer(projectId: string, name: string): boolean {
    return this.servers.remove(projectId, name);
  }

  // Navigator instances
  createInstance(projectId: string, id: string, name: string, apiKey: string, inChatAuth = false): InstanceRecord {
    return this.instances.create(projectId, id, name, apiKey, inChatAuth);
  }
  getInstance(id: string): InstanceRecord | undefined {
    return this.instances.get(id);
  }
  listInstances(projectId: string): readonly InstanceRecord[] {
    return this.instances.list(projectId);
  }
  setInChatAuth(id: string, enabled: boolean): void {
    this.instances.setInChatAuth(id, enabled);
  }
  /** Changes the instance's MCP settings; fields left undefined keep their value. */
  setInstanceMcpSettings(id: string, settings: { elicitation?: boolean; liveToolList?: boolean }): void {
    this.instances.setMcpSettings(id, settings);
  }

  // Default auth link (one per project, created once)
  getAuthLinkId(projectId: string): string | undefined {
    return this.links.idOf(projectId);
  }
  getAuthLinkProject(linkId: string): string | undefined {
    return this.links.projectOf(linkId);
  }
  ensureAuthLink(projectId: string): string {
    return this.links.ensure(projectId);
  }

  // Users
  createUser(id: string, displayName: string, passwordHash: string): void {
    this.users.create(id, displayName, passwordHash);
  }
  getUser(id: string): UserRecord | undefined {
    return this.users.get(id);
  }

  // Credentials (owner = user id or PROJECT_OWNER)
  saveCredential(owner: string, serverId: number, tokens: Tokens): void {
    this.credentials.save(owner, serverId, tokens);
  }
  getCredential(owner: string, serverId: number): Credential | undefined {
    return this.credentials.get(owner, serverId);
  }
  /** Status of each credential `owner` holds in the project, without decrypting anything. */
  credentialStates(owner: string, projectId: string): Map<number, CredentialStatus> {
    return this.credentials.states(owner, projectId);
  }
  markCredentialInvalid(owner: string, serverId: number): void {
    this.credentials.markInvalid(owner, serverId);
  }
  /** Owners holding a credential for the server (users and PROJECT_OWNER), for revocation. */
  credentialOwners(serverId: number): string[] {
    return this.credentials.owners(serverId);
  }
  /** How many users (not the project's shared owner) hold a credential, per server id of the project. */
  userCredentialCounts(projectId: string): Map<number, number> {
    return this.credentials.userCounts(projectId);
  }
  deleteCredential(owner: string, serverId: number): boolean {
    return this.credentials.delete(owner, serverId);
  }
}
