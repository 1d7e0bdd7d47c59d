/**
 * The shared credential's one-time start link (from the settings API): opening it binds the
 * authorization to this browser session, so only the browser that opened it can finish it.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { OAuthConnector } from './connector.js';
import { cannotConnect, message } from './page-response.js';
import type { FlowDeps } from './page-state.js';

const TicketQuery = z.object({ ticket: z.string().min(1).max(200) });

/** `GET /auth/shared?ticket=`. */
export function addSharedLinkRoute(router: Router, deps: FlowDeps): void {
  const { connector, sessions } = deps;

  router.get('/auth/shared', async (req, res) => {
    const q = TicketQuery.safeParse(req.query);
    const session = sessions.ensure(req, res);
    let started: Awaited<ReturnType<OAuthConnector['startShared']>>;
    try {
      started = q.success ? await connector.startShared(q.data.ticket, session.id) : undefined;
    } catch (err) {
      return void cannotConnect(res, err);
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
}
