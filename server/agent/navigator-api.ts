/**
 * The agent's side of the navigator's settings API (admin key, which never leaves this server):
 * - for every signed-in user, about that user only (the id comes from the session, never from the
 *   request): the server status for the side panel, and their own connections (`/api/connections`:
 *   list with the guided flow's URL, disconnect one server);
 * - for admin sessions only: a pass-through `/api/navigator/*` → `{navigator}/api/*` for the
 *   settings page (servers, instances and their keys, any user's status and credentials).
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { AuthLinkResult } from '../shared/contracts.js';
import { DEFAULT_BODY_LIMIT, HttpError } from '../shared/http.js';
import { previewBanner } from './preview-banner.js';
import { currentUser, requireAdmin, requireUser } from './user-session.js';

export interface NavigatorApiOptions {
  navigatorUrl: string;
  /** The navigator's origin as browsers see it (where the guided flow lives). */
  navigatorPublicUrl: string;
  projectId: string;
  adminKey: string;
  timeoutMs: number;
}

const ServerName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'server names are lower-case letters, digits, _ or -');

async function navigatorFetch(
  opts: NavigatorApiOptions,
  path: string,
  init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {},
): Promise<Response> {
  try {
    return await fetch(`${opts.navigatorUrl}${path}`, {
      ...init,
      headers: { ...init.headers, authorization: `Bearer ${opts.adminKey}` },
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'manual',
    });
  } catch (err) {
    throw new HttpError(
      'bad_gateway',
      `Could not reach the navigator at ${opts.navigatorUrl}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** The user's AuthLinkResult from the navigator. */
export async function fetchUserStatus(opts: NavigatorApiOptions, user: string): Promise<AuthLinkResult> {
  const res = await navigatorFetch(
    opts,
    `/api/projects/${encodeURIComponent(opts.projectId)}/users/${encodeURIComponent(user)}/status`,
  );
  const text = await res.text();
  // An account of the app that the navigator does not know (e.g. an admin who is no navigator user).
  if (res.status === 404)
    throw new HttpError('not_found', `${user} is not a user of the navigator project '${opts.projectId}'.`);
  if (!res.ok)
    throw new HttpError('bad_gateway', `The navigator answered HTTP ${res.status} for the status of ${user}.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError('bad_gateway', 'The navigator answered the status request with something that is not JSON.');
  }
  const parsed = AuthLinkResult.safeParse(json);
  if (!parsed.success)
    throw new HttpError('bad_gateway', 'The navigator answered the status request with an unexpected shape.');
  return parsed.data;
}

/** Where a user connects or reconnects: the status's own link, else the project's guided flow (works with In-Chat Authentication off). */
export function connectUrl(opts: NavigatorApiOptions, status: AuthLinkResult): string {
  return status.auth_link ?? `${opts.navigatorPublicUrl}/auth?project_id=${encodeURIComponent(opts.projectId)}`;
}

const AuthLinkInfo = z.object({ id: z.string().min(1), url: z.string() });

/**
 * An inert copy of a page: no script, no form submission, no framing, an opaque origin (CSP
 * `sandbox`), styles only inline. Set after the app-wide headers, so these win.
 */
const PREVIEW_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'; sandbox",
  'cache-control': 'no-store',
};

/**
 * The project's default link's first page as a signed-out new user sees it: fetched by this server
 * with no cookie (the admin's navigator session never comes into it), from the id the settings API
 * gives (never a URL from the request), with a banner saying it is a preview.
 */
export async function authPreviewPage(opts: NavigatorApiOptions): Promise<string> {
  const linkRes = await navigatorFetch(opts, `/api/projects/${encodeURIComponent(opts.projectId)}/auth-link`, {
    headers: { accept: 'application/json' },
  });
  if (linkRes.status === 404)
    throw new HttpError(
      'not_found',
      'The project has no default authentication link yet: turn on In-Chat Authentication first.',
    );
  const link = AuthLinkInfo.safeParse(await linkRes.json().catch(() => undefined));
  if (!linkRes.ok || !link.success)
    throw new HttpError('bad_gateway', `The navigator answered HTTP ${linkRes.status} for the default link.`);
  let page: Response;
  try {
    page = await fetch(`${opts.navigatorUrl}/auth?auth_link_id=${encodeURIComponent(link.data.id)}`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch {
    throw new HttpError('bad_gateway', 'Could not reach the navigator for the preview.');
  }
  const html = await page.text();
  if (!page.ok || !/^text\/html/.test(page.headers.get('content-type') ?? ''))
    throw new HttpError('bad_gateway', `The navigator answered HTTP ${page.status} for the authentication page.`);
  const banner = previewBanner(link.data.url);
  return html.replace(/<body([^>]*)>/i, (m) => `${m}${banner}`);
}

/** Sends the navigator's JSON answer on as it is (status and body), for the user-scoped writes. */
async function relay(upstream: Response, res: express.Response): Promise<void> {
  const body = Buffer.from(await upstream.arrayBuffer());
  res.status(upstream.status);
  const type = upstream.headers.get('content-type');
  if (type) res.type(type);
  res.send(body);
}

export function navigatorApiRoutes(opts: NavigatorApiOptions): Router {
  const router = Router();
  router.get('/api/status', requireUser, async (_req, res) => {
    res.json(await fetchUserStatus(opts, currentUser(res)));
  });
  // The signed-in user's own connections: the user id is the session's, so nobody reaches another's.
  router.get('/api/connections', requireUser, async (_req, res) => {
    const user = currentUser(res);
    const status = await fetchUserStatus(opts, user);
    res.json({
      user,
      servers: status.servers,
      unauthenticated_servers: status.unauthenticated_servers,
      connect_url: connectUrl(opts, status),
    });
  });
  router.delete('/api/connections/:server', requireUser, async (req, res) => {
    const name = ServerName.safeParse(req.params.server);
    if (!name.success) throw new HttpError('bad_request', `server: ${name.error.issues[0]?.message ?? 'invalid'}`);
    const user = currentUser(res);
    const path = `/api/projects/${encodeURIComponent(opts.projectId)}/users/${encodeURIComponent(user)}/credentials/${encodeURIComponent(name.data)}`;
    await relay(await navigatorFetch(opts, path, { method: 'DELETE', headers: { accept: 'application/json' } }), res);
  });
  router.get('/api/auth-preview', requireAdmin, async (_req, res) => {
    res
      .set(PREVIEW_HEADERS)
      .type('html')
      .send(await authPreviewPage(opts));
  });
  router.all(
    '/api/navigator/{*rest}',
    requireAdmin,
    express.raw({ type: () => true, limit: DEFAULT_BODY_LIMIT }),
    async (req, res) => {
      // Resolve dot segments (`..`, `%2e%2e`) here, as fetch would: the admin key must reach only /api/*.
      const target = new URL(`/api${req.originalUrl.slice('/api/navigator'.length)}`, 'http://navigator');
      if (!target.pathname.startsWith('/api/'))
        throw new HttpError('bad_request', 'Only the navigator settings API (/api/navigator/...) is passed through.');
      const raw: unknown = req.body;
      const payload =
        !['GET', 'HEAD'].includes(req.method) && Buffer.isBuffer(raw) && raw.length > 0
          ? new Uint8Array(raw)
          : undefined;
      const contentType = req.headers['content-type'];
      const upstream = await navigatorFetch(opts, `${target.pathname}${target.search}`, {
        method: req.method,
        headers: { accept: 'application/json', ...(payload && contentType ? { 'content-type': contentType } : {}) },
        body: payload,
      });
      await relay(upstream, res);
    },
  );
  return router;
}
