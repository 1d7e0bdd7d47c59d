/**
 * Schema migrations, applied in order and tracked with SQLite's `user_version`.
 * Append new steps; never edit a step that has shipped.
 */
import type { Database } from 'better-sqlite3';

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE servers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    mcp_url TEXT NOT NULL,
    auth_level TEXT NOT NULL CHECK (auth_level IN ('user', 'project', 'none')),
    oauth BLOB,
    created_at INTEGER NOT NULL,
    UNIQUE (project_id, name)
  );
  CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    api_key_hash BLOB NOT NULL,
    in_chat_auth INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX instances_by_project ON instances(project_id);
  CREATE TABLE auth_links (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL UNIQUE REFERENCES projects(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL
  );
  CREATE TABLE credentials (
    owner TEXT NOT NULL,
    server_id INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('valid', 'invalid')),
    secret BLOB NOT NULL,
    expires_at INTEGER,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (owner, server_id)
  ) WITHOUT ROWID;
  CREATE INDEX credentials_by_server ON credentials(server_id);
  `,
  // Instance MCP settings (issue 14): URL-mode elicitation on by default, live tool list off by default (B11/B13 as documented).
  `
  ALTER TABLE instances ADD COLUMN elicitation INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE instances ADD COLUMN live_tool_list INTEGER NOT NULL DEFAULT 0;
  `,
];

/**
 * Brings the database to the latest schema inside one transaction per step. A database written by a
 * newer navigator (a higher version than this one knows) is refused rather than used with the wrong schema.
 */
export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length)
    throw new Error(
      `The database has schema version ${current}; this navigator knows up to ${MIGRATIONS.length}. Use a newer navigator.`,
    );
  for (let v = current; v < MIGRATIONS.length; v++) {
    const step = MIGRATIONS[v];
    if (step === undefined) break;
    db.transaction(() => {
      db.exec(step);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
