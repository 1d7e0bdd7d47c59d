/**
 * What the flow shows a browser session: sign-in, the servers still to connect, or done; who may use
 * an elicitation's page; and the check every form post passes first (CSRF token, then the flow).
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { NavigatorService } from '../service.js';
import type { Elicitations } from '../mcp/elicitations.js';
import type { OAuthConnector } from './connector.js';
import { donePage, serversPage, signInPage, wrongUserPage } from './pages.js';
import type { FlowContext, PageServer } from './pages.js';
import { ContextInput, resolveContext } from './flow-context.js';
import { html, message, nonceOf } from './page-response.js';
import type { SignInLimiter, WebSession, WebSessions } from './web-session.js';

/** What the flow's routes share: built once per router by createAuthRoutes. */
export interface FlowDeps {
  nav: NavigatorService;
  connector: OAuthConnector;
  sessions: WebSessions;
  limiter: SignInLimiter;
  elicitations?: Elicitations;
}

const CsrfBody = ContextInput.extend({ csrf_token: z.string().max(200) });

/** True (and the refusal page answered) when an elicitation's page is used by another user than the session's. */
export function wrongUser(res: Response, ctx: FlowContext, session: WebSession): boolean {
  if (!ctx.elicitation || !session.userId || session.userId === ctx.elicitation.forUser) return false;
  html(res, 403, wrongUserPage(ctx, session.userId, session.csrf, nonceOf(res)));
  return true;
}

function userServers(nav: NavigatorService, ctx: FlowContext, userId: string): PageServer[] {
  return nav
    .userServers(userId, ctx.projectId)
    .filter((s) => !ctx.elicitation || s.name === ctx.elicitation.serverName);
}

/** The flow's main page for this session: sign-in, the servers to connect, or done. */
export function renderMain(
  nav: NavigatorService,
  res: Response,
  ctx: FlowContext,
  session: WebSession,
  notice?: string,
): void {
  if (!session.userId) return void html(res, 200, signInPage(ctx, session.csrf, nonceOf(res)));
  if (wrongUser(res, ctx, session)) return;
  const servers = userServers(nav, ctx, session.userId);
  if (servers.every((s) => s.state === 'connected'))
    return void html(res, 200, donePage(ctx, session.userId, servers, session.csrf, nonceOf(res)));
  html(res, 200, serversPage(ctx, session.userId, servers, session.csrf, nonceOf(res), notice));
}

/** Validates body + CSRF + context for a POST; answers the error page itself and returns undefined on failure. */
export function postContext(
  deps: FlowDeps,
  req: Request,
  res: Response,
): { ctx: FlowContext; session: WebSession } | undefined {
  const body = CsrfBody.safeParse(req.body);
  const session = deps.sessions.current(req);
  if (!body.success || !deps.sessions.checkCsrf(session, body.data.csrf_token) || !session) {
    message(res, 403, 'Session expired', 'This page expired or the form was not sent from it. Open the link again.');
    return undefined;
  }
  const c = resolveContext(deps.nav, deps.elicitations, body.data);
  if (!c.ok) return void message(res, 404, c.title, c.message, c.back);
  return { ctx: c.ctx, session };
}
