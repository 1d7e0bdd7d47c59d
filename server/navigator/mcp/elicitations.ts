/**
 * Pending URL-mode elicitations (MCP 2025-11-25, SEP-1036): which session asked the user to connect
 * which server. The gateway creates one when a client that declared `elicitation.url` calls a
 * user-level server the user has not connected; the guided flow reads it to connect that one server
 * for that one user; the gateway completes it (`notifications/elicitation/complete`) when the
 * credential is stored. In memory, bounded in time and number: a lost one only means the client
 * gets a new elicitation on its next call.
 */
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../shared/clock.js';

export interface PendingElicitation {
  id: string;
  sessionId: string;
  projectId: string;
  /** The user the session acts for: the only one the page lets connect (the specification's phishing rule). */
  userId: string;
  serverId: number;
  serverName: string;
  expiresAt: number;
  /** Set once the credential was stored; the page still finds it (to say "done") until it expires. */
  completed?: boolean;
}

const TTL_MS = 15 * 60_000;
const MAX_PENDING = 10_000;

export class Elicitations {
  /** Insertion order doubles as age order for eviction. */
  private readonly byId = new Map<string, PendingElicitation>();

  constructor(
    private readonly ttlMs = TTL_MS,
    private readonly max = MAX_PENDING,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The session's pending elicitation for this server, or a new one. */
  open(input: Omit<PendingElicitation, 'id' | 'expiresAt'>): PendingElicitation {
    const now = this.clock.now();
    for (const p of this.byId.values()) {
      if (p.sessionId === input.sessionId && p.serverId === input.serverId && p.expiresAt > now && !p.completed)
        return p;
    }
    const created: PendingElicitation = { ...input, id: randomUUID(), expiresAt: now + this.ttlMs };
    this.byId.set(created.id, created);
    this.prune(now);
    return created;
  }

  /** A live pending elicitation by id. */
  get(id: string): PendingElicitation | undefined {
    const p = this.byId.get(id);
    if (p && p.expiresAt <= this.clock.now()) {
      this.byId.delete(id);
      return undefined;
    }
    return p;
  }

  /** Marks completed and returns the pending elicitations `owner`'s new credential for `serverId` satisfies. */
  takeSatisfied(owner: string, serverId: number): PendingElicitation[] {
    const now = this.clock.now();
    const done: PendingElicitation[] = [];
    for (const p of this.byId.values()) {
      if (p.userId === owner && p.serverId === serverId && !p.completed && p.expiresAt > now) {
        p.completed = true;
        done.push(p);
      }
    }
    return done;
  }

  /** Forgets a closed session's elicitations. */
  dropSession(sessionId: string): void {
    for (const p of this.byId.values()) if (p.sessionId === sessionId) this.byId.delete(p.id);
  }

  get size(): number {
    return this.byId.size;
  }

  private prune(now: number): void {
    for (const p of this.byId.values()) {
      if (this.byId.size <= this.max && p.expiresAt > now) break;
      this.byId.delete(p.id);
    }
  }
}
