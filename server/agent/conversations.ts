/**
 * Stored conversations: each signed-in user's chats (their UI messages, tool parts included) in a
 * small SQLite file, so the page can list them, reopen one after a reload or a visit to another
 * page, and delete it. Every query is a named method; routes never see the driver. The file is
 * created 0600 (SQLite gives its journal the same mode): messages hold Slack and Linear content.
 * Secrets are masked before a message is stored, as in transcripts.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { UIMessage } from 'ai';
import { scrubSecrets } from './scrub.js';

export const DEFAULT_MAX_CONVERSATIONS_PER_USER = 200;
const TITLE_MAX = 80;

export interface ConversationSummary {
  id: string;
  title: string;
  updated_at: string;
}

export interface StoredConversation extends ConversationSummary {
  user: string;
  messages: UIMessage[];
}

/** Refused because the user already keeps the most conversations allowed. */
export class ConversationCapError extends Error {
  constructor(readonly cap: number) {
    super(
      `You already keep ${cap} conversations, the most one user can have (MAX_CONVERSATIONS_PER_USER). Delete one from the history to start another.`,
    );
    this.name = 'ConversationCapError';
  }
}

/** The conversation's title: the start of its first user message, on one line. */
export function titleOf(messages: readonly UIMessage[]): string {
  const first = messages.find((m) => m.role === 'user');
  const text = (first?.parts ?? [])
    .map((p) => (p.type === 'text' ? p.text : ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return 'New conversation';
  return text.length > TITLE_MAX ? `${text.slice(0, TITLE_MAX - 1).trimEnd()}…` : text;
}

interface Row {
  id: string;
  user: string;
  title: string;
  updated_at: string;
  messages: string;
}

export class ConversationStore {
  private readonly db: Database.Database;

  /** `path` is a file (created 0600, its folder 0700) or `:memory:`. */
  constructor(
    path: string,
    readonly maxPerUser: number = DEFAULT_MAX_CONVERSATIONS_PER_USER,
  ) {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      closeSync(openSync(path, 'a', 0o600));
      chmodSync(path, 0o600);
    }
    this.db = new Database(path);
    // WAL without a sync per commit: a turn's save must not hold up the end of its reply stream.
    // SQLite creates the WAL and shm files with the database file's mode (0600).
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS conversations (
      id TEXT PRIMARY KEY,
      user TEXT NOT NULL,
      title TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      messages TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS conversations_by_user ON conversations (user, updated_at);`);
  }

  /** The user a conversation belongs to, or undefined when it is not stored. */
  ownerOf(id: string): string | undefined {
    const row = this.db.prepare('SELECT user FROM conversations WHERE id = ?').get(id) as Pick<Row, 'user'> | undefined;
    return row?.user;
  }

  count(user: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM conversations WHERE user = ?').get(user) as { n: number }).n;
  }

  /** The user's conversations, most recently updated first. */
  list(user: string): ConversationSummary[] {
    return this.db
      .prepare('SELECT id, title, updated_at FROM conversations WHERE user = ? ORDER BY updated_at DESC, id')
      .all(user) as ConversationSummary[];
  }

  get(id: string): StoredConversation | undefined {
    const row = this.db
      .prepare('SELECT id, user, title, updated_at, messages FROM conversations WHERE id = ?')
      .get(id) as Row | undefined;
    if (!row) return undefined;
    return {
      id: row.id,
      user: row.user,
      title: row.title,
      updated_at: row.updated_at,
      messages: JSON.parse(row.messages) as UIMessage[],
    };
  }

  /**
   * Stores the conversation's messages as they are now (creating it when new). A new one past the
   * user's cap throws ConversationCapError; the caller checks ownership first.
   */
  save(id: string, user: string, messages: readonly UIMessage[]): void {
    const now = new Date().toISOString();
    const json = JSON.stringify(scrubSecrets(messages));
    const write = this.db.transaction(() => {
      const owner = this.ownerOf(id);
      if (owner === undefined) {
        if (this.count(user) >= this.maxPerUser) throw new ConversationCapError(this.maxPerUser);
        this.db
          .prepare('INSERT INTO conversations (id, user, title, updated_at, messages) VALUES (?, ?, ?, ?, ?)')
          .run(id, user, titleOf(messages), now, json);
      } else {
        this.db
          .prepare('UPDATE conversations SET messages = ?, updated_at = ? WHERE id = ? AND user = ?')
          .run(json, now, id, user);
      }
    });
    write();
  }

  /** True when a new conversation would be refused for this user. */
  atCap(user: string): boolean {
    return this.count(user) >= this.maxPerUser;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM conversations WHERE id = ?').run(id).changes > 0;
  }

  close(): void {
    this.db.close();
  }
}
