/**
 * Browser sessions of the guided auth flow: an opaque id in a signed, httpOnly, SameSite=Lax cookie,
 * a CSRF token per session, rotation on sign-in, and a sign-in rate limit per user and per client address.
 * In memory: a restart only asks people to sign in again.
 */
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { systemClock, type Clock } from '../../shared/clock.js';
import { randomToken, safeEqual } from '../crypto.js';

export const SESSION_COOKIE = 'nav_sid';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
const MAX_SESSIONS = 50_000;

export interface WebSession {
  id: string;
  csrf: string;
  userId?: string;
  expiresAt: number;
}

export class WebSessions {
  private readonly sessions = new Map<string, WebSession>();

  constructor(
    private readonly secureCookies: boolean,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The request's session, or a new anonymous one (with its cookie set) when it has none. */
  ensure(req: Request, res: Response): WebSession {
    return this.current(req) ?? this.create(res);
  }

  current(req: Request): WebSession | undefined {
    const signed = req.signedCookies as Record<string, unknown> | undefined;
    const id = signed?.[SESSION_COOKIE];
    if (typeof id !== 'string') return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (s.expiresAt < this.clock.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  /** New id and CSRF token for a signed-in user (prevents session fixation). */
  signIn(req: Request, res: Response, userId: string): WebSession {
    const old = this.current(req);
    if (old) this.sessions.delete(old.id);
    const s = this.create(res);
    s.userId = userId;
    return s;
  }

  signOut(req: Request, res: Response): void {
    const old = this.current(req);
    if (old) this.sessions.delete(old.id);
    res.clearCookie(SESSION_COOKIE, { path: '/auth' });
  }

  checkCsrf(session: WebSession | undefined, presented: unknown): boolean {
    return session !== undefined && typeof presented === 'string' && safeEqual(session.csrf, presented);
  }

  private create(res: Response): WebSession {
    this.sweep();
    const s: WebSession = { id: randomToken(32), csrf: randomToken(24), expiresAt: this.clock.now() + SESSION_TTL_MS };
    this.sessions.set(s.id, s);
    res.cookie(SESSION_COOKIE, s.id, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secureCookies,
      signed: true,
      path: '/auth',
      maxAge: SESSION_TTL_MS,
    });
    return s;
  }

  private sweep(): void {
    if (this.sessions.size < MAX_SESSIONS) return;
    const now = this.clock.now();
    for (const [id, s] of this.sessions) if (s.expiresAt < now) this.sessions.delete(id);
    while (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
  }
}

export interface SignInLimits {
  /** Failed sign-ins per user name in the window before that user is refused (default 5). */
  perUser?: number;
  /** Failed sign-ins per client address in the window before that address is refused (default 30). */
  perAddress?: number;
  windowMs?: number;
  /** Keys remembered per map; past it the least recently used are evicted, never the whole map (default 10,000). */
  maxKeys?: number;
}

/**
 * Failed sign-ins per user name and per client address in a sliding window, each in a bounded LRU:
 * flooding it with junk names evicts the oldest entries one at a time and, because junk costs the
 * flooding address its own budget first, cannot clear another user's lock-out.
 */
export class SignInLimiter {
  private readonly byUser: LRUCache<string, number[]>;
  private readonly byAddress: LRUCache<string, number[]>;
  private readonly perUser: number;
  private readonly perAddress: number;
  private readonly windowMs: number;

  constructor(
    limits: SignInLimits = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.perUser = limits.perUser ?? 5;
    this.perAddress = limits.perAddress ?? 30;
    this.windowMs = limits.windowMs ?? 10 * 60 * 1000;
    const max = limits.maxKeys ?? 10_000;
    this.byUser = new LRUCache({ max, ttl: this.windowMs });
    this.byAddress = new LRUCache({ max, ttl: this.windowMs });
  }

  /** True when the user name or the client address has used up its failures. */
  blocked(user: string, address: string): boolean {
    return (
      this.recent(this.byUser, user).length >= this.perUser ||
      this.recent(this.byAddress, address).length >= this.perAddress
    );
  }

  fail(user: string, address: string): void {
    for (const [map, key] of [
      [this.byUser, user],
      [this.byAddress, address],
    ] as const)
      map.set(key, [...this.recent(map, key), this.clock.now()]);
  }

  /** A successful sign-in clears the user's failures (the address keeps its count: it may be guessing others). */
  reset(user: string): void {
    this.byUser.delete(user);
  }

  private recent(map: LRUCache<string, number[]>, key: string): number[] {
    const cutoff = this.clock.now() - this.windowMs;
    return (map.get(key) ?? []).filter((t) => t > cutoff);
  }
}

/** Single-use, short-lived OAuth `state` values and what they were issued for. */
export class PendingStates<T extends { expiresAt: number }> {
  private readonly pending = new Map<string, T>();

  constructor(private readonly clock: Clock = systemClock) {}

  issue(value: T): string {
    const now = this.clock.now();
    if (this.pending.size > 10_000) for (const [k, v] of this.pending) if (v.expiresAt < now) this.pending.delete(k);
    const state = randomToken(32);
    this.pending.set(state, value);
    return state;
  }

  /** Returns and forgets the entry; a second use of the same state finds nothing. */
  take(state: string): T | undefined {
    const v = this.pending.get(state);
    this.pending.delete(state);
    return v && v.expiresAt >= this.clock.now() ? v : undefined;
  }
}
