/**
 * Sign-in for the chat page: demo users with passwords, a signed httpOnly SameSite=Lax cookie that
 * carries the user id and an expiry, and a middleware that puts the signed-in user on `res.locals`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler, type Response } from 'express';
import { SignInRequest } from '../shared/contracts.js';
import { HttpError } from '../shared/http.js';

export const SESSION_COOKIE = 'nc_session';
const MAX_AGE_MS = 7 * 24 * 3600_000;
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 10 * 60_000;

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** The signed-in user from the signed cookie (cookie-parser verifies the signature), or undefined. */
function userFromCookie(signed: unknown): string | undefined {
  if (typeof signed !== 'string') return undefined;
  const m = /^([a-z0-9][a-z0-9._-]{0,63})\|(\d+)$/.exec(signed);
  if (!m?.[1] || !m[2] || Number(m[2]) < Date.now()) return undefined;
  return m[1];
}

export function currentUser(res: Response): string {
  const user: unknown = res.locals.user;
  if (typeof user !== 'string') throw new HttpError('unauthorized', 'Sign in first (POST /api/session).');
  return user;
}

/** Sets `res.locals.user` when the request carries a valid session cookie. */
export const readSession: RequestHandler = (req, res, next) => {
  const cookies: unknown = req.signedCookies;
  const value = typeof cookies === 'object' && cookies !== null ? (cookies as Record<string, unknown>)[SESSION_COOKIE] : undefined;
  const user = userFromCookie(value);
  if (user) res.locals.user = user;
  next();
};

/** Rejects requests without a signed-in user with 401 JSON. */
export const requireUser: RequestHandler = (_req, res, next) => {
  currentUser(res);
  next();
};

/** `POST/GET/DELETE /api/session`. */
export function sessionRoutes(users: Record<string, string>, secureCookie: boolean): Router {
  const router = Router();
  // Failed sign-ins per client address and user in a sliding window, against password guessing.
  const failures = new Map<string, number[]>();
  const recentFailures = (key: string) => (failures.get(key) ?? []).filter((t) => t > Date.now() - FAILURE_WINDOW_MS);
  router.post('/api/session', (req, res) => {
    const parsed = SignInRequest.safeParse(req.body);
    if (!parsed.success) throw new HttpError('bad_request', 'Send JSON {"user": "...", "password": "..."}', parsed.error.issues);
    const { user, password } = parsed.data;
    const key = `${req.ip ?? ''}|${user}`;
    if (recentFailures(key).length >= MAX_FAILURES) throw new HttpError('too_many_requests', 'Too many failed sign-ins. Wait a few minutes and try again.');
    const expected = users[user];
    if (expected === undefined || !sameSecret(password, expected)) {
      if (failures.size > 10_000) failures.clear();
      failures.set(key, [...recentFailures(key), Date.now()]);
      throw new HttpError('unauthorized', 'Unknown user or wrong password.');
    }
    failures.delete(key);
    res.cookie(SESSION_COOKIE, `${user}|${Date.now() + MAX_AGE_MS}`, { signed: true, httpOnly: true, sameSite: 'lax', secure: secureCookie, path: '/', maxAge: MAX_AGE_MS });
    res.json({ user });
  });
  router.get('/api/session', (_req, res) => {
    res.json({ user: currentUser(res) });
  });
  router.delete('/api/session', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ signedOut: true });
  });
  return router;
}
