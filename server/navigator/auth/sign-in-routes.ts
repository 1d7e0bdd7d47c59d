/**
 * The flow's entry page and its sign-in and sign-out forms. Sign-in is rate limited per user and per
 * address, and costs the same whether or not the user exists.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { UserId } from '../../shared/contracts.js';
import { UNKNOWN_USER_HASH, verifyPassword } from '../crypto.js';
import { signInPage } from './pages.js';
import { ContextInput, resolveContext } from './flow-context.js';
import { html, message, nonceOf } from './page-response.js';
import { postContext, renderMain } from './page-state.js';
import type { FlowDeps } from './page-state.js';

const SignInBody = ContextInput.extend({
  user: z.string().max(200),
  password: z.string().max(200),
  csrf_token: z.string().max(200),
});

/** `GET /auth`, `POST /auth/sign-in`, `POST /auth/sign-out`. */
export function addSignInRoutes(router: Router, deps: FlowDeps): void {
  const { nav, sessions, limiter } = deps;

  router.get('/auth', (req, res) => {
    const c = resolveContext(nav, deps.elicitations, ContextInput.safeParse(req.query).data ?? {});
    if (!c.ok) return void message(res, 404, c.title, c.message, c.back);
    renderMain(nav, res, c.ctx, sessions.ensure(req, res));
  });

  router.post('/auth/sign-in', async (req, res) => {
    const posted = postContext(deps, req, res);
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
    const posted = postContext(deps, req, res);
    if (!posted) return;
    sessions.signOut(req, res);
    res.redirect(303, posted.ctx.backPath);
  });
}
