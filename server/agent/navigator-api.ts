/**
 * The agent's side of the navigator's settings API (admin key): the signed-in user's server status
 * for the page's side panel, and a pass-through `/api/navigator/*` → `{navigator}/api/*` for the
 * settings page, so the admin key stays on the server.
 */
import express, { Router } from 'express';
import { AuthLinkResult } from '../shared/contracts.js';
import { DEFAULT_BODY_LIMIT, HttpError } from '../shared/http.js';
import { currentUser, requireUser } from './user-session.js';

export interface NavigatorApiOptions {
  navigatorUrl: string;
  projectId: string;
  adminKey: string;
  timeoutMs: number;
}

async function navigatorFetch(opts: NavigatorApiOptions, path: string, init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {}): Promise<Response> {
  try {
    return await fetch(`${opts.navigatorUrl}${path}`, {
      ...init,
      headers: { ...init.headers, authorization: `Bearer ${opts.adminKey}` },
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'manual',
    });
  } catch (err) {
    throw new HttpError('bad_gateway', `Could not reach the navigator at ${opts.navigatorUrl}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The user's AuthLinkResult from the navigator. */
export async function fetchUserStatus(opts: NavigatorApiOptions, user: string): Promise<AuthLinkResult> {
  const res = await navigatorFetch(opts, `/api/projects/${encodeURIComponent(opts.projectId)}/users/${encodeURIComponent(user)}/status`);
  const text = await res.text();
  if (!res.ok) throw new HttpError('bad_gateway', `The navigator answered HTTP ${res.status} for the status of ${user}.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError('bad_gateway', 'The navigator answered the status request with something that is not JSON.');
  }
  const parsed = AuthLinkResult.safeParse(json);
  if (!parsed.success) throw new HttpError('bad_gateway', 'The navigator answered the status request with an unexpected shape.');
  return parsed.data;
}

export function navigatorApiRoutes(opts: NavigatorApiOptions): Router {
  const router = Router();
  router.get('/api/status', requireUser, async (_req, res) => {
    res.json(await fetchUserStatus(opts, currentUser(res)));
  });
  // The navigator's origin: the chat page shows an elicitation as a Connect card only when its URL is there.
  router.get('/api/navigator-origin', requireUser, (_req, res) => {
    res.json({ origin: new URL(opts.navigatorUrl).origin });
  });
  router.all('/api/navigator/{*rest}', requireUser, express.raw({ type: () => true, limit: DEFAULT_BODY_LIMIT }), async (req, res) => {
    // Resolve dot segments (`..`, `%2e%2e`) here, as fetch would: the admin key must reach only /api/*.
    const target = new URL(`/api${req.originalUrl.slice('/api/navigator'.length)}`, 'http://navigator');
    if (!target.pathname.startsWith('/api/')) throw new HttpError('bad_request', 'Only the navigator settings API (/api/navigator/...) is passed through.');
    const raw: unknown = req.body;
    const payload = !['GET', 'HEAD'].includes(req.method) && Buffer.isBuffer(raw) && raw.length > 0 ? new Uint8Array(raw) : undefined;
    const contentType = req.headers['content-type'];
    const upstream = await navigatorFetch(opts, `${target.pathname}${target.search}`, {
      method: req.method,
      headers: { accept: 'application/json', ...(payload && contentType ? { 'content-type': contentType } : {}) },
      body: payload,
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    res.status(upstream.status);
    const type = upstream.headers.get('content-type');
    if (type) res.type(type);
    res.send(body);
  });
  return router;
}
