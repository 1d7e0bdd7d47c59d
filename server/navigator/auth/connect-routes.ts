/**
 * Connecting one server for the signed-in user: the form post that starts the authorization at the
 * server's own authorization server, and the callback that ends it (for user and shared credentials).
 * Credentials go to the signed-in user only; the callback must come back to the browser session that
 * started it.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { backToServers, cannotConnect, message } from './page-response.js';
import { postContext, wrongUser } from './page-state.js';
import type { FlowDeps } from './page-state.js';

const CallbackQuery = z.object({
  state: z.string().max(500).optional(),
  code: z.string().max(2000).optional(),
  iss: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(500).optional(),
});

/** `POST /auth/connect/:server`, `GET /auth/callback`. */
export function addConnectRoutes(router: Router, deps: FlowDeps): void {
  const { nav, connector, sessions } = deps;

  router.post('/auth/connect/:server', async (req, res) => {
    const posted = postContext(deps, req, res);
    if (!posted) return;
    const { ctx, session } = posted;
    if (!session.userId) return void res.redirect(303, ctx.backPath);
    if (wrongUser(res, ctx, session)) return;
    const server = nav.server(ctx.projectId, String(req.params.server));
    if (!server || server.authLevel !== 'user' || (ctx.elicitation && ctx.elicitation.serverName !== server.name))
      return void message(
        res,
        404,
        'Unknown server',
        'This project has no such server to connect.',
        backToServers(ctx.backPath),
      );
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
      cannotConnect(res, err, backToServers(ctx.backPath));
    }
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
    const back = outcome.pending?.kind === 'user' ? backToServers(outcome.pending.backPath) : undefined;
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
}
