/**
 * The navigator's one test seam: what tests, the harness and the bench may read or arrange in the
 * store without going through the product's rules (no OAuth discovery, no revocation, no events).
 * The service builds one (`service.testing`); no product code calls it: it reaches data through NavigatorService.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { AuthLevel } from '../../shared/contracts.js';
import type {
  Credential,
  CredentialStatus,
  InstanceRecord,
  NavigatorStore,
  OAuthSettings,
  ServerRecord,
  Tokens,
  UserRecord,
} from './store.js';

export class NavigatorTesting {
  constructor(private readonly store: NavigatorStore) {}

  server(projectId: string, name: string): ServerRecord | undefined {
    return this.store.getServer(projectId, name);
  }
  servers(projectId: string): readonly ServerRecord[] {
    return this.store.listServers(projectId);
  }
  instance(id: string): InstanceRecord | undefined {
    return this.store.getInstance(id);
  }
  user(id: string): UserRecord | undefined {
    return this.store.getUser(id);
  }
  /** The decrypted credential (tokens included): tests check rotation and that tokens stay put. */
  credential(owner: string, serverId: number): Credential | undefined {
    return this.store.getCredential(owner, serverId);
  }
  credentialStates(owner: string, projectId: string): Map<number, CredentialStatus> {
    return this.store.credentialStates(owner, projectId);
  }
  /** Credential rows (no secrets), optionally only one owner's or one server's. */
  credentialRows(
    filter: { owner?: string; serverId?: number } = {},
  ): Array<{ owner: string; serverId: number; status: CredentialStatus; updatedAt: number }> {
    return this.store
      .credentialRows()
      .filter(
        (r) =>
          (filter.owner === undefined || r.owner === filter.owner) &&
          (filter.serverId === undefined || r.serverId === filter.serverId),
      );
  }
  credentialCount(filter: { owner?: string; serverId?: number } = {}): number {
    return this.credentialRows(filter).length;
  }
  rowCount(table: 'users' | 'servers' | 'credentials' | 'instances'): number {
    return this.store.rowCount(table);
  }
  /** Stores a server as given, skipping discovery (legacy rows, unreachable URLs). */
  addServer(
    projectId: string,
    s: { name: string; displayName: string; mcpUrl: string; authLevel: AuthLevel; oauth?: OAuthSettings },
  ): ServerRecord {
    return this.store.addServer(projectId, s);
  }
  setServerOAuth(server: ServerRecord, oauth: OAuthSettings): void {
    this.store.setServerOAuth(server, oauth);
  }
  createUser(id: string, displayName: string, passwordHash: string): void {
    this.store.createUser(id, displayName, passwordHash);
  }
  saveCredential(owner: string, serverId: number, tokens: Tokens): void {
    this.store.saveCredential(owner, serverId, tokens);
  }
  /** Marks the credential expired, as a refused refresh would. */
  expireCredential(owner: string, serverId: number): void {
    this.store.markCredentialInvalid(owner, serverId);
  }
  /** Runs `work` in one transaction (bulk data for the bench). */
  transaction<T>(work: () => T): T {
    return this.store.transaction(work);
  }
  /** Statements SQLite ran, when the store was opened with `countQueries`. */
  get queryCount(): number {
    return this.store.queryCount;
  }
}

/**
 * What a reader of the database file sees, read through its own read-only connection (the at-rest
 * tests look at the file as someone with disk access would, not through the store).
 */
export function readDatabaseFile(dbPath: string): {
  credentials: Array<{ owner: string; secret: Buffer }>;
  instances: Array<{ id: string; hash: Buffer }>;
  users: Array<{ id: string; hash: string }>;
} {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    return {
      credentials: db.prepare('SELECT owner, secret FROM credentials').all() as Array<{
        owner: string;
        secret: Buffer;
      }>,
      instances: db.prepare('SELECT id, api_key_hash AS hash FROM instances ORDER BY id').all() as Array<{
        id: string;
        hash: Buffer;
      }>,
      users: db.prepare('SELECT id, password_hash AS hash FROM users').all() as Array<{ id: string; hash: string }>,
    };
  } finally {
    db.close();
  }
}
