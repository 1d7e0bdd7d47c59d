/**
 * Sign-in for the chat page: demo accounts with passwords and a role (`admin` or `user`), a signed
 * httpOnly SameSite=Lax cookie that carries only a server-side session id (so sign-out ends it),
 * a bounded per-address and per-user limiter against password guessing, and the middlewares that
 * put the signed-in user and role on `res.locals` and gate routes by them.
 */
import { Router, type RequestHandler, type Response } from 'express';
import { SignInRequest } from '../shared/contracts.js';
import { HttpError } from '../shared/http.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { safeEqual } from '../shared/secrets.js';
import { SessionStore } from './session-store.js';
import { DEFAULT_SIGN_IN_LIMITS, SignInLimiter, type SignInLimits } from './sign-in-limiter.js';

export const SESSION_COOKIE = 'nc_session';
export const SESSION_MAX_AGE_MS = 7 * 24 * 3600_000;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export type Role = 'admin' | 'user';

/** Compared against when the user is unknown, so an unknown name costs what a known one does. */
const NO_SUCH_USER = 'no such user: this never matches a password';

/**
 * True when `password` is the user's. The comparison always runs (against a stand-in for unknown
 * users): answering unknown names faster would tell an attacker which names exist.
 */
export function checkPassword(
  users: Readonly<Record<string, string>>,
  user: string,
  password: string,
  compare: (a: string, b: string) => boolean = safeEqual,
): boolean {
  const expected = Object.hasOwn(users, user) ? users[user] : undefined;
  const matches = compare(password, expected ?? NO_SUCH_USER);
  return matches && expected !== undefined;
}

export function currentUser(res: Response): string {
  const user: unknown = res.locals.user;
  if (typeof user !== 'string') throw new HttpError('unauthorized', 'Sign in first (POST /api/session).');
  return user;
}

export function currentRole(res: Response): Role {
  currentUser(res);
  return res.locals.role === 'admin' ? 'admin' : 'user';
}

/** Rejects requests without a signed-in user with 401 JSON. */
export const requireUser: RequestHandler = (_req, res, next) => {
  currentUser(res);
  next();
};

/** Rejects requests without an admin session: 401 when signed out, 403 with the reason for a user. */
export const requireAdmin: RequestHandler = (_req, res, next) => {
  const user = currentUser(res);
  if (currentRole(res) !== 'admin')
    throw new HttpError(
      'forbidden',
      `Only an admin can manage the navigator; ${user} is signed in as a user. Sign in as an admin, or use /api/connections for your own connections.`,
    );
  next();
};

export interface SessionOptions {
  /** Account id → password. */
  users: Readonly<Record<string, string>>;
  /** Account ids with the admin role. */
  admins: readonly string[];
  secureCookie: boolean;
  /** Where the page may open the guided flow: Connect cards are only made for links on this origin. */
  navigatorOrigin: string;
  limits?: SignInLimits;
  /** At most this many live sessions (least recently used signed out past it). Default 10,000. */
  maxSessions?: number;
  /** Times session lifetimes and the sign-in window (default the system clock). */
  clock?: Clock;
}

export interface UserSessions {
  /** Sets `res.locals.user` and `res.locals.role` when the request carries a live session cookie. */
  readSession: RequestHandler;
  /** `POST/GET/DELETE /api/session` (JSON bodies: mount after express.json). */
  routes: Router;
  store: SessionStore;
}

export function userSessions(opts: SessionOptions): UserSessions {
  const clock = opts.clock ?? systemClock;
  const store = new SessionStore(SESSION_MAX_AGE_MS, opts.maxSessions, clock);
  const limiter = new SignInLimiter(opts.limits ?? DEFAULT_SIGN_IN_LIMITS, () => clock.now());
  const admins = new Set(opts.admins);
  const roleOf = (user: string): Role => (admins.has(user) ? 'admin' : 'user');

  const sessionIdOf = (cookies: unknown): string | undefined => {
    const value =
      typeof cookies === 'object' && cookies !== null
        ? (cookies as Record<string, unknown>)[SESSION_COOKIE]
        : undefined;
    return typeof value === 'string' && SESSION_ID.test(value) ? value : undefined;
  };

  const readSession: RequestHandler = (req, res, next) => {
    const id = sessionIdOf(req.signedCookies);
    const user = id ? store.userOf(id) : undefined;
    if (id && user) {
      res.locals.user = user;
      res.locals.role = roleOf(user);
      res.locals.sessionId = id;
    }
    next();
  };

  const routes = Router();
  routes.post('/api/session', (req, res) => {
    const parsed = SignInRequest.safeParse(req.body);
    if (!parsed.success)
      throw new HttpError('bad_request', 'Send JSON {"user": "...", "password": "..."}', parsed.error.issues);
    const { user, password } = parsed.data;
    const address = req.ip ?? req.socket.remoteAddress ?? '';
    const refused = limiter.refusal(address, user);
    if (refused) throw new HttpError('too_many_requests', refused);
    if (!checkPassword(opts.users, user, password)) {
      limiter.fail(address, user);
      throw new HttpError('unauthorized', 'Unknown user or wrong password.');
    }
    limiter.succeed(address, user);
    // A new sign-in on this browser replaces its old session.
    const previous = sessionIdOf(req.signedCookies);
    if (previous) store.end(previous);
    const id = store.create(user);
    res.cookie(SESSION_COOKIE, id, {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secureCookie,
      path: '/',
      maxAge: SESSION_MAX_AGE_MS,
    });
    res.json({ user, role: roleOf(user), navigator_origin: opts.navigatorOrigin });
  });
  routes.get('/api/session', (_req, res) => {
    const user = currentUser(res);
    res.json({ user, role: roleOf(user), navigator_origin: opts.navigatorOrigin });
  });
  routes.delete('/api/session', (req, res) => {
    const id = sessionIdOf(req.signedCookies);
    if (id) store.end(id);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ signedOut: true });
  });
  return { readSession, routes, store };
}
