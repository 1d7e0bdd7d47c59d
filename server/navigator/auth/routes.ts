/**
 * The guided authentication flow behind the link (B9): `GET /auth`, sign-in/out, connect, callback,
 * and the shared credential's start link. The link only names a project: nothing happens without
 * signing in, and credentials go to the signed-in user only. Pages refuse framing; every form
 * carries the session's CSRF token. This file builds the router; each group of routes has its file.
 */
import express from 'express';
import type { Router } from 'express';
import type { Clock } from '../../shared/clock.js';
import type { NavigatorService } from '../service.js';
import type { Elicitations } from '../mcp/elicitations.js';
import type { OAuthConnector } from './connector.js';
import { addConnectRoutes } from './connect-routes.js';
import { pageHeaders } from './page-response.js';
import type { FlowDeps } from './page-state.js';
import { DONE_SCRIPT, DONE_SCRIPT_PATH } from './pages.js';
import { addSharedLinkRoute } from './shared-link-route.js';
import { addSignInRoutes } from './sign-in-routes.js';
import { SignInLimiter, WebSessions } from './web-session.js';
import type { SignInLimits } from './web-session.js';

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

export function createAuthRoutes(opts: AuthRoutesOptions): Router {
  const deps: FlowDeps = {
    nav: opts.nav,
    connector: opts.connector,
    sessions: new WebSessions(opts.secureCookies, opts.clock),
    limiter: new SignInLimiter(opts.signInLimits, opts.clock),
    elicitations: opts.elicitations,
  };
  const router = express.Router();

  router.use('/auth', pageHeaders);
  router.use('/auth', express.urlencoded({ extended: false, limit: '16kb' }));
  router.get(DONE_SCRIPT_PATH, (_req, res) => {
    res.type('text/javascript').send(DONE_SCRIPT);
  });

  addSignInRoutes(router, deps);
  addConnectRoutes(router, deps);
  addSharedLinkRoute(router, deps);
  return router;
}
