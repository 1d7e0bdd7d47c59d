/**
 * The guided authentication flow behind the link (B9): `GET /auth`, sign-in/out, connect, callback.
 * The link only names a project: nothing happens without signing in, and credentials go to the
 * signed-in user only. Pages refuse framing; every form carries the session's CSRF token.
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { UserId } from '../../shared/contracts.js';
import { HttpError } from '../../shared/http.js';
import { UNKNOWN_USER_HASH, verifyPassword } from '../crypto.js';
import type { NavigatorService } from '../service.js';
import type { Elicitations } from '../mcp/elicitations.js';
import type { OAuthConnector } from './connector.js';
import {
  DONE_SCRIPT,
  DONE_SCRIPT_PATH,
  donePage,
  messagePage,
  serversPage,
  signInPage,
  wrongUserPage,
} from './pages.js';
import type { Clock } from '../../shared/clock.js';
import type { FlowContext, PageServer } from './pages.js';
import { SignInLimiter, WebSessions } from './web-session.js';
import type { SignInLimits, WebSession } from './web-session.js';

const ContextInput = z.object({
  auth_link_id: z.string().max(200).optional(),
  project_id: z.string().max(200).optional(),
  elicitation_id: z.string().max(100).optional(),
});
const SignInBody = ContextInput.extend({
  user: z.string().max(200),
  password: z.string().max(200),
  csrf_token: z.string().max(200),
});
const CsrfBody = ContextInput.extend({ csrf_token: z.string().max(200) });
const CallbackQuery = z.object({
  state: z.string().max(500).optional(),
  code: z.string().max(2000).optional(),
  iss: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(500).optional(),
});
const TicketQuery = z.object({ ticket: z.string().min(1).max(200) });

export interface AuthRoutesOptions {
  nav: NavigatorService;
  connector: OAuthConnector;
  secureCookies: boolean;
  signInLimits?: SignInLimits;
  /** URL-mode elicitations the MCP gateway opened (`/auth?elicitation_id=`); without it such links are unknown. */
  elicitations?: Elicitations;
  /** Times browser sessions and the sign-in window (default the system clock). */
  clock?: Clock;
}

type Ctx =
  | { ok: true; ctx: FlowContext }
  | { ok: false; title: string; message: string; back?: { href: string; label: string } };

export function createAuthRoutes(opts: AuthRoutesOptions): Router {
  const { nav, connector } = opts;
  const sessions = new WebSessions(opts.secureCookies, opts.clock);
  const limiter = new SignInLimiter(opts.signInLimits, opts.clock);
  const router = express.Router();

  router.use('/auth', (_req, res, next) => {
    const nonce = randomBytes(16).toString('base64');
    res.locals.nonce = nonce;
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'`,
    );
    // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on the form posts, which the Origin guard refuses.
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  router.use('/auth', express.urlencoded({ extended: false, limit: '16kb' }));
  router.get(DONE_SCRIPT_PATH, (_req, res) => {
    res.type('text/javascript').send(DONE_SCRIPT);
  });

  const html = (res: Response, status: number, body: string) => res.status(status).type('html').send(body);
  const nonceOf = (res: Response) => String(res.locals.nonce);
  const message = (
    res: Response,
    status: number,
    title: string,
    text: string,
    back?: { href: string; label: string },
  ) => html(res, status, messagePage(title, text, nonceOf(res), back));

  function resolveContext(input: z.infer<typeof ContextInput>): Ctx {
    if (input.elicitation_id) return elicitationContext(input.elicitation_id);
    if (input.auth_link_id) {
      const project = nav.projectOfLink(input.auth_link_id);
      if (!project)
        return {
          ok: false,
          title: 'Unknown link',
          message: 'This authentication link does not exist. Ask your assistant for a new one.',
        };
      if (!nav.linkActive(project.id)) {
        // The project's own connections page works with the feature off: that is the way on.
        return {
          ok: false,
          title: 'Link turned off',
          message:
            "In-Chat Authentication is turned off for this project, so this link is disabled. You can still connect your accounts on the project's connections page.",
          back: { href: `/auth?project_id=${encodeURIComponent(project.id)}`, label: 'Connect your accounts' },
        };
      }
      return {
        ok: true,
        ctx: {
          projectId: project.id,
          projectName: project.name,
          linkId: input.auth_link_id,
          backPath: `/auth?auth_link_id=${encodeURIComponent(input.auth_link_id)}`,
        },
      };
    }
    if (input.project_id) {
      const project = nav.project(input.project_id);
      if (!project) return { ok: false, title: 'Unknown project', message: 'There is no such project.' };
      return {
        ok: true,
        ctx: {
          projectId: project.id,
          projectName: project.name,
          backPath: `/auth?project_id=${encodeURIComponent(project.id)}`,
        },
      };
    }
    return {
      ok: false,
      title: 'Missing link',
      message: 'Open the full authentication link your assistant shared (it ends with ?auth_link_id=...).',
    };
  }

  /** The page of one URL-mode elicitation: one server, for the MCP session's user only. */
  function elicitationContext(id: string): Ctx {
    const pending = opts.elicitations?.get(id);
    const project = pending ? nav.project(pending.projectId) : undefined;
    const server = pending && project ? nav.server(project.id, pending.serverName) : undefined;
    if (!pending || !project || !server || server.id !== pending.serverId) {
      return {
        ok: false,
        title: 'Request expired',
        message: 'This connection request is unknown or expired. Ask your assistant again to get a new one.',
      };
    }
    return {
      ok: true,
      ctx: {
        projectId: project.id,
        projectName: project.name,
        backPath: `/auth?elicitation_id=${encodeURIComponent(id)}`,
        elicitation: { id, serverName: server.name, forUser: pending.userId },
      },
    };
  }

  /** True (and the refusal page answered) when an elicitation's page is used by another user than the session's. */
  function wrongUser(res: Response, ctx: FlowContext, session: WebSession): boolean {
    if (!ctx.elicitation || !session.userId || session.userId === ctx.elicitation.forUser) return false;
    html(res, 403, wrongUserPage(ctx, session.userId, session.csrf, nonceOf(res)));
    return true;
  }

  function userServers(ctx: FlowContext, userId: string): PageServer[] {
    return nav
      .userServers(userId, ctx.projectId)
      .filter((s) => !ctx.elicitation || s.name === ctx.elicitation.serverName);
  }

  function renderMain(res: Response, ctx: FlowContext, session: WebSession, notice?: string): void {
    if (!session.userId) return void html(res, 200, signInPage(ctx, session.csrf, nonceOf(res)));
    if (wrongUser(res, ctx, session)) return;
    const servers = userServers(ctx, session.userId);
    if (servers.every((s) => s.state === 'connected'))
      return void html(res, 200, donePage(ctx, session.userId, servers, session.csrf, nonceOf(res)));
    html(res, 200, serversPage(ctx, session.userId, servers, session.csrf, nonceOf(res), notice));
  }

  /** Validates body + CSRF + context for a POST; answers the error page itself and returns undefined on failure. */
  function postContext(req: Request, res: Response): { ctx: FlowContext; session: WebSession } | undefined {
    const body = CsrfBody.safeParse(req.body);
    const session = sessions.current(req);
    if (!body.success || !sessions.checkCsrf(session, body.data.csrf_token) || !session) {
      message(res, 403, 'Session expired', 'This page expired or the form was not sent from it. Open the link again.');
      return undefined;
    }
    const c = resolveContext(body.data);
    if (!c.ok) return void message(res, 404, c.title, c.message, c.back);
    return { ctx: c.ctx, session };
  }

  router.get('/auth', (req, res) => {
    const c = resolveContext(ContextInput.safeParse(req.query).data ?? {});
    if (!c.ok) return void message(res, 404, c.title, c.message, c.back);
    renderMain(res, c.ctx, sessions.ensure(req, res));
  });

  router.post('/auth/sign-in', async (req, res) => {
    const posted = postContext(req, res);
    if (!posted) return;
    const parsed = SignInBody.safeParse(req.body);
    if (!parsed.success)
      return void html(
        res,
        400,
        signInPage(posted.ctx, posted.session.csrf, nonceOf(res), 'Enter your user name and password.'),
      );
    const body = parsed.data;
    const userId = UserId.safeParse(body.user.trim().toLowerCase());
    const userKey = userId.success ? userId.data : body.user.slice(0, 64);
    const address = req.socket.remoteAddress ?? 'unknown';
    if (limiter.blocked(userKey, address))
      return void html(
        res,
        429,
        signInPage(
          posted.ctx,
          posted.session.csrf,
          nonceOf(res),
          'Too many failed attempts. Wait a few minutes and try again.',
          body.user,
        ),
      );
    const user = userId.success ? nav.user(userId.data) : undefined;
    // An unknown user costs the same scrypt as a known one, so the answer time does not tell them apart.
    const ok = await verifyPassword(body.password, user?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!user || !ok) {
      limiter.fail(userKey, address);
      return void html(
        res,
        401,
        signInPage(posted.ctx, posted.session.csrf, nonceOf(res), 'Wrong user or password.', body.user),
      );
    }
    limiter.reset(userKey);
    sessions.signIn(req, res, user.id);
    res.redirect(303, posted.ctx.backPath);
  });

  router.post('/auth/sign-out', (req, res) => {
    const posted = postContext(req, res);
    if (!posted) return;
    sessions.signOut(req, res);
    res.redirect(303, posted.ctx.backPath);
  });

  router.post('/auth/connect/:server', async (req, res) => {
    const posted = postContext(req, res);
    if (!posted) return;
    const { ctx, session } = posted;
    if (!session.userId) return void res.redirect(303, ctx.backPath);
    if (wrongUser(res, ctx, session)) return;
    const server = nav.server(ctx.projectId, String(req.params.server));
    if (!server || server.authLevel !== 'user' || (ctx.elicitation && ctx.elicitation.serverName !== server.name))
      return void message(res, 404, 'Unknown server', 'This project has no such server to connect.', {
        href: ctx.backPath,
        label: 'Back to your servers',
      });
    try {
      const url = await connector.start(server, {
        kind: 'user',
        sessionId: session.id,
        userId: session.userId,
        projectId: ctx.projectId,
        serverId: server.id,
        backPath: ctx.backPath,
      });
      res.redirect(303, url);
    } catch (err) {
      message(
        res,
        502,
        'Cannot connect right now',
        err instanceof HttpError ? err.message : 'The server could not be reached.',
        { href: ctx.backPath, label: 'Back to your servers' },
      );
    }
  });

  // The shared credential's one-time start link (from the settings API): binds the authorization to this browser.
  router.get('/auth/shared', async (req, res) => {
    const q = TicketQuery.safeParse(req.query);
    const session = sessions.ensure(req, res);
    let started: Awaited<ReturnType<OAuthConnector['startShared']>>;
    try {
      started = q.success ? await connector.startShared(q.data.ticket, session.id) : undefined;
    } catch (err) {
      return void message(
        res,
        502,
        'Cannot connect right now',
        err instanceof HttpError ? err.message : 'The server could not be reached.',
      );
    }
    if (!started)
      return void message(
        res,
        400,
        'Link expired',
        'This start link is unknown, expired or was already used. Nothing was saved. Start again from the settings page.',
      );
    res.redirect(303, started.url);
  });

  router.get('/auth/callback', async (req, res) => {
    const q = CallbackQuery.safeParse(req.query);
    const params = new URLSearchParams(
      Object.entries(q.success ? q.data : {}).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const outcome = await connector.complete(params, sessions.current(req)?.id);
    if (outcome.ok) {
      if (outcome.pending.kind === 'user') return void res.redirect(303, outcome.pending.backPath);
      return void message(
        res,
        200,
        'Shared credential connected',
        `${outcome.server.displayName} now works for every user of the project.`,
      );
    }
    const back =
      outcome.pending?.kind === 'user' ? { href: outcome.pending.backPath, label: 'Back to your servers' } : undefined;
    const name = outcome.server?.displayName ?? 'The server';
    switch (outcome.reason) {
      case 'unknown_state':
        return void message(
          res,
          400,
          'Connection not recognised',
          'This connection attempt is unknown, expired or was already used. Nothing was saved. Start again from your authentication link.',
        );
      case 'wrong_session':
        return void message(
          res,
          403,
          'Different browser session',
          'This connection was started in another browser session. Nothing was saved.',
          back,
        );
      case 'denied':
        return void message(
          res,
          200,
          'You declined',
          `You declined to connect ${name}. Nothing was saved; you can connect it later.`,
          back,
        );
      case 'server_error':
        return void message(
          res,
          502,
          'Connection failed',
          `${name} reported an error: ${outcome.detail ?? 'unknown'}. Nothing was saved.`,
          back,
        );
      case 'issuer_mismatch':
        return void message(
          res,
          400,
          'Connection refused',
          `The answer did not come from ${name}'s own authorization server (${outcome.detail ?? 'RFC 9207'}). Nothing was saved.`,
          back,
        );
      case 'exchange_failed':
        return void message(
          res,
          502,
          'Connection failed',
          `${name} did not complete the sign-in (${outcome.detail ?? 'error'}). Nothing was saved.`,
          back,
        );
    }
  });

  return router;
}
