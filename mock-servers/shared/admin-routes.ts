/**
 * Admin and fault endpoints of a mock (only mounted with `admin: true`): reset the seeded data, read
 * state for test assertions, expire or revoke an account's tokens, and set or clear fault knobs.
 * Token values are never returned: state reports counts per account.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { DEFAULT_BODY_LIMIT, HttpError } from '../../server/shared/http.js';
import type { AuthStore } from './auth-store.js';
import { FaultSettings, type Faults } from './faults.js';
import { Account, type MockStore, type ServiceName } from './types.js';

export interface AdminConfig {
  service: ServiceName;
  store: MockStore;
  auth: AuthStore;
  faults: Faults;
  sessionCount(): number;
}

const AccountBody = z.object({ account: Account });
/** `auth: true` also forgets registered clients, codes and tokens; by default they survive a data reset. */
const ResetBody = z.object({ auth: z.boolean().optional() });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success)
    throw new HttpError(
      'bad_request',
      r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  return r.data;
}

export function createAdminRouter(cfg: AdminConfig): Router {
  const router = express.Router();
  router.use('/admin', express.json({ limit: DEFAULT_BODY_LIMIT }));

  router.post('/admin/reset', (req, res) => {
    const body = parse(ResetBody, req.body);
    cfg.store.reset();
    cfg.faults.clear();
    if (body.auth) cfg.auth.reset();
    res.json({ ok: true });
  });

  router.get('/admin/state', (_req, res) => {
    res.json({
      service: cfg.service,
      ...cfg.store.state(),
      faults: cfg.faults.snapshot(),
      sessions: cfg.sessionCount(),
      oauth: { clients: cfg.auth.clientCount, tokens: cfg.auth.summary() },
    });
  });

  router.post('/admin/tokens/expire', (req, res) => {
    const { account } = parse(AccountBody, req.body);
    res.json({ ok: true, account, expired: cfg.auth.expireAccount(account) });
  });

  router.post('/admin/tokens/revoke', (req, res) => {
    const { account } = parse(AccountBody, req.body);
    res.json({ ok: true, account, revoked: cfg.auth.revokeAccount(account) });
  });

  router.put('/admin/faults', (req, res) => {
    cfg.faults.set(parse(FaultSettings, req.body));
    res.json({ ok: true, faults: cfg.faults.snapshot() });
  });

  router.delete('/admin/faults', (_req, res) => {
    cfg.faults.clear();
    res.json({ ok: true, faults: cfg.faults.snapshot() });
  });

  return router;
}
