/**
 * Opening the navigator's SQLite file: owner-only file modes from the first byte, WAL, foreign keys,
 * a busy timeout, and the schema migrations (a database that cannot be migrated is closed again).
 */
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './schema.js';

/** Opens (creating when missing) and migrates the database; `onStatement` is called for every statement run. */
export function openDatabase(dbPath: string, onStatement?: () => void): Database {
  if (dbPath !== ':memory:') {
    mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 });
    // Owner-only from the first byte: SQLite gives the WAL and shared-memory files the database file's mode.
    if (!existsSync(dbPath)) closeSync(openSync(dbPath, 'a', 0o600));
  }
  const db = new BetterSqlite3(dbPath, onStatement ? { verbose: () => onStatement() } : {});
  db.pragma('journal_mode = WAL');
  if (dbPath !== ':memory:')
    for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
