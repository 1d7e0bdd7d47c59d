/**
 * Builds and starts a mock service (Slack or Linear) from its definition: health check, OAuth 2.1
 * authorization server, MCP endpoint, optional admin/fault endpoints, JSON errors everywhere.
 */
import express, { type Express } from 'express';
import { localhostHostValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import {
  hostOriginGuard,
  jsonErrorHandler,
  listen,
  notFoundHandler,
  securityHeaders,
} from '../../server/shared/http.js';
import { createAdminRouter } from './admin-routes.js';
import { dataPageRoutes } from './data-page.js';
import { AuthStore } from './auth-store.js';
import { Faults } from './faults.js';
import { createMcpRoutes, type McpRoutesConfig } from './mcp-routes.js';
import { createOAuthServer } from './oauth-router.js';
import type { MockServerHandle, MockServerOptions, MockServiceDefinition, MockStore } from './types.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export interface MockApp<S extends MockStore> {
  app: Express;
  store: S;
  /** The authorization server's state (clients, codes, tokens); exposed for tests. */
  oauth: AuthStore;
  faults: Faults;
  /** Closes open MCP sessions (the HTTP listener is closed by whoever bound it). */
  close(): Promise<void>;
}

export type MockAppOptions = MockServerOptions & { publicUrl: string };

export function createMockApp<S extends MockStore>(def: MockServiceDefinition<S>, opts: MockAppOptions): MockApp<S> {
  const baseUrl = opts.publicUrl.replace(/\/+$/, '');
  const log = opts.log ?? (() => {});
  const store = def.createStore();
  const oauth = new AuthStore({
    tokenPrefix: def.tokenPrefix,
    tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? 3600,
    codeLifetimeSeconds: opts.codeLifetimeSeconds ?? 60,
    refreshReuseGraceSeconds: opts.refreshReuseGraceSeconds,
    clock: opts.clock,
    // RFC 8707: the resource indicators this server accepts (its MCP endpoint, and itself).
    resources: [new URL(`${baseUrl}/mcp`).href, new URL(baseUrl).href],
  });
  const faults = new Faults();

  const app = express();
  app.disable('x-powered-by');
  // DNS-rebinding guard, for servers both bound to and addressed at loopback.
  if (LOOPBACK.has(opts.host ?? '127.0.0.1') && LOOPBACK.has(new URL(baseUrl).hostname.replace(/^\[|\]$/g, ''))) {
    app.use(localhostHostValidation());
    app.use(hostOriginGuard());
  }
  // Inline styles allowed (no inline script): the mock's own pages are self-contained HTML.
  app.use(securityHeaders({ inlineStyles: true }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, service: def.service });
  });

  let authConfig: McpRoutesConfig['auth'];
  if ((opts.auth ?? 'oauth') === 'oauth') {
    const server = createOAuthServer({
      service: def.service,
      theme: def.theme,
      scopes: def.scopes,
      baseUrl,
      store: oauth,
    });
    app.use(server.router);
    authConfig = { verifier: server.provider, resourceMetadataUrl: server.resourceMetadataUrl };
  }

  const mcp = createMcpRoutes({
    name: `mock-${def.service}`,
    version: '1.0.0',
    registerTools: (server) => def.registerTools(server, store, { baseUrl }),
    faults,
    auth: authConfig,
    scopes: Object.keys(def.scopes),
    toolScopes: def.toolScopes,
    log,
    clock: opts.clock,
  });
  if (opts.admin)
    app.use(createAdminRouter({ service: def.service, store, auth: oauth, faults, sessionCount: mcp.sessionCount }));
  const page = def.page;
  if (page) app.use(dataPageRoutes(def.theme, () => page(store)));
  app.use(mcp.router);
  app.use(notFoundHandler);
  app.use(jsonErrorHandler(log));

  return { app, store, oauth, faults, close: mcp.close };
}

/** Binds a mock on `opts.port` (0 = free port); the OAuth issuer is the bound URL unless `publicUrl` is set. */
export async function startMockServer<S extends MockStore>(
  def: MockServiceDefinition<S>,
  opts: MockServerOptions = {},
): Promise<MockServerHandle<S> & Omit<MockApp<S>, 'app' | 'close'>> {
  const host = opts.host ?? '127.0.0.1';
  // The issuer URL must be known before the routes are built, and port 0 is only known after binding.
  const outer = express();
  const running = await listen(outer, opts.port ?? 0, host);
  const built = createMockApp(def, { ...opts, host, publicUrl: opts.publicUrl ?? running.url });
  outer.disable('x-powered-by');
  outer.use(built.app);
  return {
    url: running.url,
    port: running.port,
    store: built.store,
    oauth: built.oauth,
    faults: built.faults,
    close: async () => {
      await built.close();
      await running.close();
    },
  };
}
