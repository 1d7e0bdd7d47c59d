/**
 * The small tables around a project: the project itself, its default auth link (one per project,
 * created once, cached because every status answer names it) and the users who sign in to the guided flow.
 */
import type { Database } from 'better-sqlite3';
import { randomToken } from '../crypto.js';
import type { UserRecord } from './records.js';

export class ProjectTable {
  private readonly st: ReturnType<typeof prepareProjects>;

  constructor(db: Database) {
    this.st = prepareProjects(db);
  }

  isEmpty(): boolean {
    return (this.st.count.get() as { n: number }).n === 0;
  }
  create(id: string, name: string): void {
    this.st.insert.run(id, name, Date.now());
  }
  get(id: string): { id: string; name: string } | undefined {
    return this.st.get.get(id) as { id: string; name: string } | undefined;
  }
}

export class AuthLinkTable {
  private readonly st: ReturnType<typeof prepareLinks>;
  private readonly byProject = new Map<string, string | null>();

  constructor(db: Database) {
    this.st = prepareLinks(db);
  }

  idOf(projectId: string): string | undefined {
    let cached = this.byProject.get(projectId);
    if (cached === undefined) {
      cached = (this.st.byProject.get(projectId) as { id: string } | undefined)?.id ?? null;
      if (this.byProject.size > 10_000) this.byProject.clear();
      this.byProject.set(projectId, cached);
    }
    return cached ?? undefined;
  }
  projectOf(linkId: string): string | undefined {
    return (this.st.byId.get(linkId) as { project_id: string } | undefined)?.project_id;
  }
  ensure(projectId: string): string {
    const existing = this.idOf(projectId);
    if (existing) return existing;
    const id = randomToken(16);
    this.st.insert.run(id, projectId, Date.now());
    this.byProject.delete(projectId);
    return id;
  }
}

export class UserTable {
  private readonly st: ReturnType<typeof prepareUsers>;

  constructor(db: Database) {
    this.st = prepareUsers(db);
  }

  create(id: string, displayName: string, passwordHash: string): void {
    this.st.insert.run(id, displayName, passwordHash);
  }
  get(id: string): UserRecord | undefined {
    return this.st.get.get(id) as UserRecord | undefined;
  }
}

function prepareProjects(db: Database) {
  return {
    count: db.prepare('SELECT COUNT(*) AS n FROM projects'),
    insert: db.prepare('INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)'),
    get: db.prepare('SELECT id, name FROM projects WHERE id = ?'),
  };
}
function prepareLinks(db: Database) {
  return {
    byProject: db.prepare('SELECT id FROM auth_links WHERE project_id = ?'),
    byId: db.prepare('SELECT project_id FROM auth_links WHERE id = ?'),
    insert: db.prepare('INSERT INTO auth_links (id, project_id, created_at) VALUES (?, ?, ?)'),
  };
}
function prepareUsers(db: Database) {
  return {
    insert: db.prepare('INSERT INTO users (id, display_name, password_hash) VALUES (?, ?, ?)'),
    get: db.prepare('SELECT id, display_name AS displayName, password_hash AS passwordHash FROM users WHERE id = ?'),
  };
}
