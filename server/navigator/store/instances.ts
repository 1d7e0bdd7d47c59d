/**
 * The instances table: navigator instances (hashed API key, the In-Chat Authentication toggle, MCP
 * settings). Cached by id and per project, dropped on every write: every MCP request looks its instance up.
 */
import type { Database } from 'better-sqlite3';
import { sha256 } from '../crypto.js';
import type { InstanceRecord } from './records.js';

interface InstanceRow {
  id: string;
  project_id: string;
  name: string;
  api_key_hash: Buffer;
  in_chat_auth: number;
  elicitation: number;
  live_tool_list: number;
}

export class InstanceTable {
  private readonly st: ReturnType<typeof prepare>;
  private readonly byId = new Map<string, InstanceRecord | null>();
  private readonly byProject = new Map<string, readonly InstanceRecord[]>();

  constructor(db: Database) {
    this.st = prepare(db);
  }

  create(projectId: string, id: string, name: string, apiKey: string, inChatAuth = false): InstanceRecord {
    this.st.insert.run(id, projectId, name, sha256(apiKey), inChatAuth ? 1 : 0, Date.now());
    this.byId.delete(id);
    this.byProject.delete(projectId);
    return this.get(id)!;
  }
  get(id: string): InstanceRecord | undefined {
    let cached = this.byId.get(id);
    if (cached === undefined) {
      const row = this.st.get.get(id) as InstanceRow | undefined;
      cached = row ? toInstance(row) : null;
      // Unknown ids are cached too (as null); a flood of them clears the cache rather than growing it.
      if (this.byId.size > 10_000) this.byId.clear();
      this.byId.set(id, cached);
    }
    return cached ?? undefined;
  }
  list(projectId: string): readonly InstanceRecord[] {
    let cached = this.byProject.get(projectId);
    if (!cached) {
      cached = (this.st.list.all(projectId) as InstanceRow[]).map(toInstance);
      this.byProject.set(projectId, cached);
    }
    return cached;
  }
  setInChatAuth(id: string, enabled: boolean): void {
    this.st.setInChatAuth.run(enabled ? 1 : 0, id);
    this.byId.delete(id);
    this.byProject.clear();
  }
  /** Changes the instance's MCP settings; fields left undefined keep their value. */
  setMcpSettings(id: string, settings: { elicitation?: boolean; liveToolList?: boolean }): void {
    const current = this.get(id);
    if (!current) return;
    this.st.setMcpSettings.run(
      (settings.elicitation ?? current.elicitation) ? 1 : 0,
      (settings.liveToolList ?? current.liveToolList) ? 1 : 0,
      id,
    );
    this.byId.delete(id);
    this.byProject.clear();
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

function prepare(db: Database) {
  const p = (sql: string) => db.prepare(sql);
  const columns = 'id, project_id, name, api_key_hash, in_chat_auth, elicitation, live_tool_list';
  return {
    insert: p(
      'INSERT INTO instances (id, project_id, name, api_key_hash, in_chat_auth, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    get: p(`SELECT ${columns} FROM instances WHERE id = ?`),
    list: p(`SELECT ${columns} FROM instances WHERE project_id = ? ORDER BY created_at, id`),
    setInChatAuth: p('UPDATE instances SET in_chat_auth = ? WHERE id = ?'),
    setMcpSettings: p('UPDATE instances SET elicitation = ?, live_tool_list = ? WHERE id = ?'),
  };
}
