/**
 * The servers table: a project's MCP servers with their auth level and OAuth client settings (encrypted:
 * they hold the client secret). Cached per project and dropped on every write, so the MCP call path
 * never reads the disk for them.
 */
import type { Database } from 'better-sqlite3';
import type { AuthLevel } from '../../shared/contracts.js';
import { decrypt, encrypt } from '../crypto.js';
import type { OAuthSettings, ServerRecord } from './records.js';

const oauthAad = (projectId: string, name: string) => `oauth:${projectId}:${name}`;

interface ServerRow {
  id: number;
  project_id: string;
  name: string;
  display_name: string;
  mcp_url: string;
  auth_level: AuthLevel;
  oauth: Buffer | null;
}

export class ServerTable {
  private readonly st: ReturnType<typeof prepare>;
  private readonly cache = new Map<string, ServerRecord[]>();

  constructor(
    db: Database,
    private readonly key: Buffer,
  ) {
    this.st = prepare(db);
  }

  list(projectId: string): readonly ServerRecord[] {
    let cached = this.cache.get(projectId);
    if (!cached) {
      cached = (this.st.list.all(projectId) as ServerRow[]).map((r) => this.toServer(r));
      this.cache.set(projectId, cached);
    }
    return cached;
  }
  get(projectId: string, name: string): ServerRecord | undefined {
    return this.list(projectId).find((s) => s.name === name);
  }
  add(
    projectId: string,
    s: { name: string; displayName: string; mcpUrl: string; authLevel: AuthLevel; oauth?: OAuthSettings },
  ): ServerRecord {
    const sealed = s.oauth ? encrypt(this.key, JSON.stringify(s.oauth), oauthAad(projectId, s.name)) : null;
    this.st.insert.run(projectId, s.name, s.displayName, s.mcpUrl, s.authLevel, sealed, Date.now());
    this.cache.delete(projectId);
    const created = this.get(projectId, s.name);
    if (!created) throw new Error('server insert failed');
    return created;
  }
  update(
    projectId: string,
    name: string,
    patch: { displayName?: string; authLevel?: AuthLevel },
  ): ServerRecord | undefined {
    const current = this.get(projectId, name);
    if (!current) return undefined;
    this.st.update.run(patch.displayName ?? current.displayName, patch.authLevel ?? current.authLevel, projectId, name);
    this.cache.delete(projectId);
    return this.get(projectId, name);
  }
  setOAuth(server: ServerRecord, oauth: OAuthSettings): void {
    this.st.setOAuth.run(encrypt(this.key, JSON.stringify(oauth), oauthAad(server.projectId, server.name)), server.id);
    this.cache.delete(server.projectId);
  }
  /** Deletes the server; its credentials go with it (ON DELETE CASCADE). */
  remove(projectId: string, name: string): boolean {
    const changed = this.st.delete.run(projectId, name).changes > 0;
    this.cache.delete(projectId);
    return changed;
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

function prepare(db: Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    insert: p(
      'INSERT INTO servers (project_id, name, display_name, mcp_url, auth_level, oauth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    list: p(
      'SELECT id, project_id, name, display_name, mcp_url, auth_level, oauth FROM servers WHERE project_id = ? ORDER BY id',
    ),
    update: p('UPDATE servers SET display_name = ?, auth_level = ? WHERE project_id = ? AND name = ?'),
    setOAuth: p('UPDATE servers SET oauth = ? WHERE id = ?'),
    delete: p('DELETE FROM servers WHERE project_id = ? AND name = ?'),
  };
}
