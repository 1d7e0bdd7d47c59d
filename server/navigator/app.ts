/**
 * Builds the navigator: the service (which owns the store and the downstream pool), MCP gateway, guided auth flow and settings
 * API on one Express app, and the MCP lane (mcp/lane.ts) that serves established sessions' hot requests before it.
 * `startNavigator` binds both, `lane(req, res) || app(req, res)` (port 0 = free port), and seeds an empty database.
 */
import cookieParser from 'cookie-parser';
import express from 'express';
import type { Express } from 'express';
import { headerListOf, jsonErrorHandler, listen, notFoundHandler, securityHeaders } from '../shared/http.js';
import type { RunningServer } from '../shared/http.js';
import { createSettingsApi } from './api/settings.js';
import { OAuthConnector } from './auth/connector.js';
import { createAuthRoutes } from './auth/routes.js';
import type { NavigatorConfig } from './config.js';
import { deriveSecret, parseEncryptionKey } from './crypto.js';
import { createHostGuard } from './host-guard.js';
import { Elicitations } from './mcp/elicitations.js';
import { createGateway } from './mcp/gateway.js';
import type { Lane } from './mcp/lane.js';
import { NavigatorService } from './service.js';
import type { NavigatorTesting } from './store/testing.js';

export type { NavigatorConfig } from './config.js';

export interface Navigator {
  app: Express;
  /**
   * The MCP lane, to serve in front of `app` (`lane(req, res) || app(req, res)`); undefined with
   * `fastLane: false`. `app` alone answers every request the same, through the SDK transport.
   */
  lane: Lane | undefined;
  /** The test seam (store/testing.ts): tests, harness and bench arrange and inspect data through it. */
  testing: NavigatorTesting;
  service: NavigatorService;
  /** Seeds an empty database from `config.seed`; returns the seeded instances' API keys. */
  seed(): Promise<Record<string, string>>;
  /** Sets the public base URL once the port is known (used for links and OAuth redirects). */
  setPublicUrl(url: string): void;
  close(): Promise<void>;
}

export interface RunningNavigator extends RunningServer {
  /** The test seam (store/testing.ts). */
  testing: NavigatorTesting;
  service: NavigatorService;
  publicUrl: string;
  /** API keys of instances created by the seed on this start ({} when the database was not empty). */
  seededApiKeys: Record<string, string>;
}

export function createNavigator(config: NavigatorConfig): Navigator {
  const log = config.log ?? (() => {});
  const key = parseEncryptionKey(config.encryptionKey);
  if (config.adminKey.length < 8) throw new Error('adminKey must be at least 8 characters');
  let publicUrl = (config.publicUrl ?? `http://localhost:${config.port ?? 3100}`).replace(/\/$/, '');
  const timeoutMs = config.downstreamTimeoutMs ?? 30_000;
  const service = NavigatorService.open({
    dbPath: config.dbPath ?? '.data/navigator.db',
    encryptionKey: key,
    downstreamTimeoutMs: timeoutMs,
    publicUrl: () => publicUrl,
    oauthTimeoutMs: Math.min(timeoutMs, 15_000),
    log,
    outboundHosts: config.outboundHosts,
    clock: config.clock,
  });
  const connector = new OAuthConnector(service, Math.min(timeoutMs, 15_000), config.clock);
  const elicitations = new Elicitations(undefined, undefined, config.clock);
  const hostGuard = createHostGuard(publicUrl);
  const security = securityHeaders();
  const gateway = createGateway({
    hostAllowed: (host, origin) => hostGuard.allows(host, origin, 'POST'),
    responseHeaders: headerListOf(security),
    nav: service,
    idleMs: config.sessionIdleMs ?? 30 * 60_000,
    log,
    elicitations,
    maxSessionsPerKey: config.maxSessionsPerKey,
    maxSessionsPerUser: config.maxSessionsPerUser,
    clock: config.clock,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // Host and Origin checked before anything else (DNS rebinding, cross-site posts).
  app.use(hostGuard.middleware);
  app.use(security);
  app.get('/healthz', (_req, res) => void res.json({ ok: true, sessions: gateway.sessionCount() }));
  app.use(gateway.router);
  app.use(cookieParser(deriveSecret(key, 'navigator-cookies')));
  app.use(
    createAuthRoutes({
      nav: service,
      connector,
      secureCookies: publicUrl.startsWith('https:'),
      signInLimits: config.signInLimits,
      elicitations,
      clock: config.clock,
    }),
  );
  app.use(createSettingsApi({ nav: service, connector, adminKey: config.adminKey }));
  app.use(notFoundHandler);
  app.use(jsonErrorHandler(log));

  return {
    app,
    lane: config.fastLane === false ? undefined : gateway.lane,
    testing: service.testing,
    service,
    seed: () => (config.seed ? service.seed(config.seed, config.passwordHashCost) : Promise.resolve({})),
    setPublicUrl: (url) => {
      publicUrl = url.replace(/\/$/, '');
      hostGuard.setPublicUrl(publicUrl);
    },
    close: async () => {
      await gateway.close();
      await service.close();
    },
  };
}

/** Starts the navigator on `config.port` (0 or undefined = a free port) and seeds it on first start. */
export async function startNavigator(config: NavigatorConfig): Promise<RunningNavigator> {
  const nav = createNavigator(config);
  const seededApiKeys = await nav.seed();
  const running = await listen(nav.app, config.port ?? 0, config.host ?? '127.0.0.1', { front: nav.lane });
  const publicUrl = (config.publicUrl ?? running.url).replace(/\/$/, '');
  nav.setPublicUrl(publicUrl);
  return {
    url: running.url,
    port: running.port,
    publicUrl,
    testing: nav.testing,
    service: nav.service,
    seededApiKeys,
    close: async () => {
      await running.close();
      await nav.close();
    },
  };
}
