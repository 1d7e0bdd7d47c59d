/**
 * Server-side chat sessions. The signed cookie carries only a random session id; the id must be in
 * this store to count, so sign-out (or a restart) ends the session for good, even for a copied
 * cookie. The store is a bounded LRU: past `maxSessions` the least recently used session is signed
 * out, which fails closed (a revocation list that forgets would fail open).
 */
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { systemClock, type Clock } from '../shared/clock.js';

export interface SessionRecord {
  user: string;
  expiresAt: number;
}

export class SessionStore {
  private readonly sessions: LRUCache<string, SessionRecord>;

  constructor(
    readonly maxAgeMs: number,
    maxSessions = 10_000,
    private readonly clock: Clock = systemClock,
  ) {
    this.sessions = new LRUCache<string, SessionRecord>({ max: maxSessions, ttl: maxAgeMs });
  }

  /** Starts a session for `user`; returns its id (256 random bits). */
  create(user: string): string {
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { user, expiresAt: this.clock.now() + this.maxAgeMs });
    return id;
  }

  /** The user of a live session, or undefined. */
  userOf(id: string): string | undefined {
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (s.expiresAt <= this.clock.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return s.user;
  }

  /** Ends one session; later requests with its cookie are signed out. */
  end(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }
}
