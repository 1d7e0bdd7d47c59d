/**
 * Browser sessions of the guided auth flow: an opaque id in a signed, httpOnly, SameSite=Lax cookie,
 * a CSRF token per session, rotation on sign-in, and a sign-in rate limit per IP and user.
 * In memory: a restart only asks people to sign in again.
 */
import type { Request, Response } from 'express';
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

  constructor(private readonly secureCookies: boolean) {}

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
    if (s.expiresAt < Date.now()) {
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
    const s: WebSession = { id: randomToken(32), csrf: randomToken(24), expiresAt: Date.now() + SESSION_TTL_MS };
    this.sessions.set(s.id, s);
    res.cookie(SESSION_COOKIE, s.id, { httpOnly: true, sameSite: 'lax', secure: this.secureCookies, signed: true, path: '/auth', maxAge: SESSION_TTL_MS });
    return s;
  }

  private sweep(): void {
    if (this.sessions.size < MAX_SESSIONS) return;
    const now = Date.now();
    for (const [id, s] of this.sessions) if (s.expiresAt < now) this.sessions.delete(id);
    while (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
  }
}

/** Counts failed sign-ins per key in a sliding window. */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly maxFailures = 5, private readonly windowMs = 10 * 60 * 1000) {}

  blocked(key: string): boolean {
    return this.recent(key).length >= this.maxFailures;
  }

  fail(key: string): void {
    const list = this.recent(key);
    list.push(Date.now());
    this.failures.set(key, list);
    if (this.failures.size > 100_000) this.failures.clear();
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const cutoff = Date.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > cutoff);
  }
}

/** Single-use, short-lived OAuth `state` values and what they were issued for. */
export class PendingStates<T extends { expiresAt: number }> {
  private readonly pending = new Map<string, T>();

  issue(value: T): string {
    const now = Date.now();
    if (this.pending.size > 10_000) for (const [k, v] of this.pending) if (v.expiresAt < now) this.pending.delete(k);
    const state = randomToken(32);
    this.pending.set(state, value);
    return state;
  }

  /** Returns and forgets the entry; a second use of the same state finds nothing. */
  take(state: string): T | undefined {
    const v = this.pending.get(state);
    this.pending.delete(state);
    return v && v.expiresAt >= Date.now() ? v : undefined;
  }
}
