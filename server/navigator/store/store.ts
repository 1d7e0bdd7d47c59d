/**
 * The navigator's persistent state in SQLite: projects, server instances, navigator instances,
 * default auth links, users and encrypted credentials. Prepared statements only; the small,
 * hot tables (servers, instances, auth links) are cached in memory and the cache is dropped on every
 * write, so the MCP call path never touches the disk and a status check costs one indexed query.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuthLevel } from '../../shared/contracts.js';
import { decrypt, encrypt, randomToken, sha256 } from '../crypto.js';
import { migrate } from './schema.js';

/** Owner id of a project-level (shared) credential; user ids cannot start with '@'. */
export const PROJECT_OWNER = '@project';

export interface OAuthSettings {
  /** RFC 8414 issuer, checked at discovery; absent in settings stored by older navigators. */
  issuer?: string;
  /** The server advertises RFC 9207 `iss` on authorization responses: the callback must carry it. */
  iss_parameter_supported?: boolean;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint?: string;
  client_id: string;
  client_secret?: string;
  token_endpoint_auth_method: string;
  redirect_uri: string;
  resource?: string;
  scope?: string;
}
export interface ServerRecord {
  id: number;
  projectId: string;
  name: string;
  displayName: string;
  mcpUrl: string;
  authLevel: AuthLevel;
  oauth?: OAuthSettings;
}
export interface InstanceRecord {
  id: string;
  projectId: string;
  name: string;
  apiKeyHash: Buffer;
  inChatAuth: boolean;
  /** Answer calls to unconnected user-level servers with URL-mode elicitation (-32042) for clients that declared it. */
  elicitation: boolean;
  /** Send `notifications/tools/list_changed` and list the servers usable now when the user's connections change. */
  liveToolList: boolean;
}
export interface UserRecord {
  id: string;
  displayName: string;
  passwordHash: string;
}
export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms; undefined when the server gave no lifetime. */
  expiresAt?: number;
}
export type CredentialStatus = 'valid' | 'invalid';
export interface Credential extends Tokens {
  status: CredentialStatus;
  updatedAt: number;
}

interface ServerRow {
  id: number;
  project_id: string;
  name: string;
  display_name: string;
  mcp_url: string;
  auth_level: AuthLevel;
  oauth: Buffer | null;
}
interface InstanceRow {
  id: string;
  project_id: string;
  name: string;
  api_key_hash: Buffer;
  in_chat_auth: number;
  elicitation: number;
  live_tool_list: number;
}
interface CredentialRow {
  status: CredentialStatus;
  secret: Buffer;
  expires_at: number | null;
  updated_at: number;
}

/** The status query of `get_authentication_link`: one per user, searched through the primary keys (see store.test.ts). */
export const CREDENTIAL_STATES_SQL =
  'SELECT c.server_id AS serverId, c.status AS status FROM credentials c JOIN servers s ON s.id = c.server_id WHERE c.owner = ? AND s.project_id = ?';

const credentialAad = (owner: string, serverId: number) => `credential:${owner}:${serverId}`;
const oauthAad = (projectId: string, name: string) => `oauth:${projectId}:${name}`;

export interface StoreOptions {
  /** Counts every statement SQLite runs (better-sqlite3's `verbose` hook); read with `queryCount`. Tests only. */
  countQueries?: boolean;
}

export class NavigatorStore {
  private readonly db: Database;
  /** Statements run since the store opened, when created with `countQueries` (always 0 otherwise). */
  queryCount = 0;
  private readonly key: Buffer;
  private readonly st: ReturnType<typeof prepareStatements>;
  private serverCache = new Map<string, ServerRecord[]>();
  private instanceCache = new Map<string, InstanceRecord | null>();
  private instanceListCache = new Map<string, readonly InstanceRecord[]>();
  private linkCache = new Map<string, string | null>();

  constructor(dbPath: string, encryptionKey: Buffer, opts: StoreOptions = {}) {
    if (dbPath !== ':memory:') {
      mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 });
      // Owner-only from the first byte: SQLite gives the WAL and shared-memory files the database file's mode.
      if (!existsSync(dbPath)) closeSync(openSync(dbPath, 'a', 0o600));
    }
    this.db = new BetterSqlite3(dbPath, opts.countQueries ? { verbose: () => void this.queryCount++ } : {});
    this.db.pragma('journal_mode = WAL');
    if (dbPath !== ':memory:')
      for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    try {
      migrate(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.key = encryptionKey;
    this.st = prepareStatements(this.db);
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
  credentialRows(): Array<{ owner: string; serverId: number; status: CredentialStatus; updatedAt: number }> {
    return this.db
      .prepare(
        'SELECT owner, server_id AS serverId, status, updated_at AS updatedAt FROM credentials ORDER BY owner, server_id',
      )
      .all() as Array<{
      owner: string;
      serverId: number;
      status: CredentialStatus;
      updatedAt: number;
    }>;
  }

  isEmpty(): boolean {
    return (this.st.countProjects.get() as { n: number }).n === 0;
  }

  // Projects
  createProject(id: string, name: string): void {
    this.st.insertProject.run(id, name, Date.now());
  }
  getProject(id: string): { id: string; name: string } | undefined {
    return this.st.getProject.get(id) as { id: string; name: string } | undefined;
  }

  // Server instances
  listServers(projectId: string): readonly ServerRecord[] {
    let cached = this.serverCache.get(projectId);
    if (!cached) {
      cached = (this.st.listServers.all(projectId) as ServerRow[]).map((r) => this.toServer(r));
      this.serverCache.set(projectId, cached);
    }
    return cached;
  }
  getServer(projectId: string, name: string): ServerRecord | undefined {
    return this.listServers(projectId).find((s) => s.name === name);
  }
  addServer(
    projectId: string,
    s: { name: string; displayName: string; mcpUrl: string; authLevel: AuthLevel; oauth?: OAuthSettings },
  ): ServerRecord {
    const sealed = s.oauth ? encrypt(this.key, JSON.stringify(s.oauth), oauthAad(projectId, s.name)) : null;
    this.st.insertServer.run(projectId, s.name, s.displayName, s.mcpUrl, s.authLevel, sealed, Date.now());
    this.serverCache.delete(projectId);
    const created = this.getServer(projectId, s.name);
    if (!created) throw new Error('server insert failed');
    return created;
  }
  updateServer(
    projectId: string,
    name: string,
    patch: { displayName?: string; authLevel?: AuthLevel },
  ): ServerRecord | undefined {
    const current = this.getServer(projectId, name);
    if (!current) return undefined;
    this.st.updateServer.run(
      patch.displayName ?? current.displayName,
      patch.authLevel ?? current.authLevel,
      projectId,
      name,
    );
    this.serverCache.delete(projectId);
    return this.getServer(projectId, name);
  }
  setServerOAuth(server: ServerRecord, oauth: OAuthSettings): void {
    this.st.setServerOAuth.run(
      encrypt(this.key, JSON.stringify(oauth), oauthAad(server.projectId, server.name)),
      server.id,
    );
    this.serverCache.delete(server.projectId);
  }
  removeServer(projectId: string, name: string): boolean {
    const changed = this.st.deleteServer.run(projectId, name).changes > 0;
    this.serverCache.delete(projectId);
    return changed;
  }

  // Navigator instances
  createInstance(projectId: string, id: string, name: string, apiKey: string, inChatAuth = false): InstanceRecord {
    this.st.insertInstance.run(id, projectId, name, sha256(apiKey), inChatAuth ? 1 : 0, Date.now());
    this.instanceCache.delete(id);
    this.instanceListCache.delete(projectId);
    return this.getInstance(id)!;
  }
  getInstance(id: string): InstanceRecord | undefined {
    let cached = this.instanceCache.get(id);
    if (cached === undefined) {
      const row = this.st.getInstance.get(id) as InstanceRow | undefined;
      cached = row ? toInstance(row) : null;
      if (this.instanceCache.size > 10_000) this.instanceCache.clear();
      this.instanceCache.set(id, cached);
    }
    return cached ?? undefined;
  }
  listInstances(projectId: string): readonly InstanceRecord[] {
    let cached = this.instanceListCache.get(projectId);
    if (!cached) {
      cached = (this.st.listInstances.all(projectId) as InstanceRow[]).map(toInstance);
      this.instanceListCache.set(projectId, cached);
    }
    return cached;
  }
  setInChatAuth(id: string, enabled: boolean): void {
    this.st.setInChatAuth.run(enabled ? 1 : 0, id);
    this.instanceCache.delete(id);
    this.instanceListCache.clear();
  }
  /** Changes the instance's MCP settings; fields left undefined keep their value. */
  setInstanceMcpSettings(id: string, settings: { elicitation?: boolean; liveToolList?: boolean }): void {
    const current = this.getInstance(id);
    if (!current) return;
    this.st.setInstanceMcpSettings.run(
      (settings.elicitation ?? current.elicitation) ? 1 : 0,
      (settings.liveToolList ?? current.liveToolList) ? 1 : 0,
      id,
    );
    this.instanceCache.delete(id);
    this.instanceListCache.clear();
  }

  // Default auth link (one per project, created once)
  getAuthLinkId(projectId: string): string | undefined {
    let cached = this.linkCache.get(projectId);
    if (cached === undefined) {
      cached = (this.st.getLinkByProject.get(projectId) as { id: string } | undefined)?.id ?? null;
      if (this.linkCache.size > 10_000) this.linkCache.clear();
      this.linkCache.set(projectId, cached);
    }
    return cached ?? undefined;
  }
  getAuthLinkProject(linkId: string): string | undefined {
    return (this.st.getLinkById.get(linkId) as { project_id: string } | undefined)?.project_id;
  }
  ensureAuthLink(projectId: string): string {
    const existing = this.getAuthLinkId(projectId);
    if (existing) return existing;
    const id = randomToken(16);
    this.st.insertLink.run(id, projectId, Date.now());
    this.linkCache.delete(projectId);
    return id;
  }

  // Users
  createUser(id: string, displayName: string, passwordHash: string): void {
    this.st.insertUser.run(id, displayName, passwordHash);
  }
  getUser(id: string): UserRecord | undefined {
    return this.st.getUser.get(id) as UserRecord | undefined;
  }

  // Credentials (owner = user id or PROJECT_OWNER)
  saveCredential(owner: string, serverId: number, tokens: Tokens): void {
    const secret = encrypt(
      this.key,
      JSON.stringify({ a: tokens.accessToken, r: tokens.refreshToken }),
      credentialAad(owner, serverId),
    );
    this.st.upsertCredential.run(owner, serverId, secret, tokens.expiresAt ?? null, Date.now());
  }
  getCredential(owner: string, serverId: number): Credential | undefined {
    const row = this.st.getCredential.get(owner, serverId) as CredentialRow | undefined;
    if (!row) return undefined;
    const plain = JSON.parse(decrypt(this.key, row.secret, credentialAad(owner, serverId))) as {
      a: string;
      r?: string;
    };
    return {
      status: row.status,
      accessToken: plain.a,
      refreshToken: plain.r,
      expiresAt: row.expires_at ?? undefined,
      updatedAt: row.updated_at,
    };
  }
  /** Status of each credential `owner` holds in the project, without decrypting anything. */
  credentialStates(owner: string, projectId: string): Map<number, CredentialStatus> {
    const rows = this.st.credentialStates.all(owner, projectId) as { serverId: number; status: CredentialStatus }[];
    return new Map(rows.map((r) => [r.serverId, r.status]));
  }
  markCredentialInvalid(owner: string, serverId: number): void {
    this.st.markInvalid.run(Date.now(), owner, serverId);
  }
  /** Owners holding a credential for the server (users and PROJECT_OWNER), for revocation. */
  credentialOwners(serverId: number): string[] {
    return (this.st.credentialOwners.all(serverId) as { owner: string }[]).map((r) => r.owner);
  }
  /** How many users (not the project's shared owner) hold a credential, per server id of the project. */
  userCredentialCounts(projectId: string): Map<number, number> {
    const rows = this.st.userCredentialCounts.all(projectId, PROJECT_OWNER) as { serverId: number; n: number }[];
    return new Map(rows.map((r) => [r.serverId, r.n]));
  }
  deleteCredential(owner: string, serverId: number): boolean {
    return this.st.deleteCredential.run(owner, serverId).changes > 0;
  }

  private toServer(r: ServerRow): ServerRecord {
    const oauth = r.oauth
      ? (JSON.parse(decrypt(this.key, r.oauth, oauthAad(r.project_id, r.name))) as OAuthSettings)
      : undefined;
    return {
      id: r.id,
      projectId: r.project_id,
      name: r.name,
      displayName: r.display_name,
      mcpUrl: r.mcp_url,
      authLevel: r.auth_level,
      oauth,
    };
  }
}

function toInstance(r: InstanceRow): InstanceRecord {
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    apiKeyHash: r.api_key_hash,
    inChatAuth: r.in_chat_auth === 1,
    elicitation: r.elicitation === 1,
    liveToolList: r.live_tool_list === 1,
  };
}

function prepareStatements(db: Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    countProjects: p('SELECT COUNT(*) AS n FROM projects'),
    insertProject: p('INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)'),
    getProject: p('SELECT id, name FROM projects WHERE id = ?'),
    insertServer: p(
      'INSERT INTO servers (project_id, name, display_name, mcp_url, auth_level, oauth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    listServers: p(
      'SELECT id, project_id, name, display_name, mcp_url, auth_level, oauth FROM servers WHERE project_id = ? ORDER BY id',
    ),
    updateServer: p('UPDATE servers SET display_name = ?, auth_level = ? WHERE project_id = ? AND name = ?'),
    setServerOAuth: p('UPDATE servers SET oauth = ? WHERE id = ?'),
    deleteServer: p('DELETE FROM servers WHERE project_id = ? AND name = ?'),
    insertInstance: p(
      'INSERT INTO instances (id, project_id, name, api_key_hash, in_chat_auth, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    getInstance: p(
      'SELECT id, project_id, name, api_key_hash, in_chat_auth, elicitation, live_tool_list FROM instances WHERE id = ?',
    ),
    listInstances: p(
      'SELECT id, project_id, name, api_key_hash, in_chat_auth, elicitation, live_tool_list FROM instances WHERE project_id = ? ORDER BY created_at, id',
    ),
    setInChatAuth: p('UPDATE instances SET in_chat_auth = ? WHERE id = ?'),
    setInstanceMcpSettings: p('UPDATE instances SET elicitation = ?, live_tool_list = ? WHERE id = ?'),
    getLinkByProject: p('SELECT id FROM auth_links WHERE project_id = ?'),
    getLinkById: p('SELECT project_id FROM auth_links WHERE id = ?'),
    insertLink: p('INSERT INTO auth_links (id, project_id, created_at) VALUES (?, ?, ?)'),
    insertUser: p('INSERT INTO users (id, display_name, password_hash) VALUES (?, ?, ?)'),
    getUser: p('SELECT id, display_name AS displayName, password_hash AS passwordHash FROM users WHERE id = ?'),
    upsertCredential:
      p(`INSERT INTO credentials (owner, server_id, status, secret, expires_at, updated_at) VALUES (?, ?, 'valid', ?, ?, ?)
      ON CONFLICT (owner, server_id) DO UPDATE SET status = 'valid', secret = excluded.secret, expires_at = excluded.expires_at, updated_at = excluded.updated_at`),
    getCredential: p(
      'SELECT status, secret, expires_at, updated_at FROM credentials WHERE owner = ? AND server_id = ?',
    ),
    credentialStates: p(CREDENTIAL_STATES_SQL),
    markInvalid: p("UPDATE credentials SET status = 'invalid', updated_at = ? WHERE owner = ? AND server_id = ?"),
    deleteCredential: p('DELETE FROM credentials WHERE owner = ? AND server_id = ?'),
    credentialOwners: p('SELECT owner FROM credentials WHERE server_id = ? ORDER BY owner'),
    userCredentialCounts: p(
      'SELECT c.server_id AS serverId, COUNT(*) AS n FROM credentials c JOIN servers s ON s.id = c.server_id WHERE s.project_id = ? AND c.owner <> ? GROUP BY c.server_id',
    ),
  };
}
