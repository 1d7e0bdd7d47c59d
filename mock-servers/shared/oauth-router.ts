/**
 * Mounts a mock's whole OAuth 2.1 authorization server: our own /authorize pages first, then the MCP
 * SDK's mcpAuthRouter for RFC 8414 metadata, RFC 7591 registration, /token and RFC 7009 /revoke (rate
 * limits off: tests and the harness run many flows), plus RFC 9728 protected resource metadata at both
 * the root and the /mcp-suffixed well-known path.
 */
import express, { type Router } from 'express';
import { createOAuthMetadata, mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { metadataHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/metadata.js';
import type { OAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { AuthStore } from './auth-store.js';
import { createAuthorizeRoutes } from './authorize-routes.js';
import { MockOAuthProvider } from './oauth-provider.js';
import { grantedScopes } from './scopes.js';
import type { ServiceName, ServiceTheme } from './types.js';

export interface OAuthServerConfig {
  service: ServiceName;
  theme: ServiceTheme;
  scopes: Record<string, string>;
  /** Base URL without trailing slash; the MCP resource is `${baseUrl}/mcp`. */
  baseUrl: string;
  store: AuthStore;
}

export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

export function createOAuthServer(cfg: OAuthServerConfig): {
  router: Router;
  provider: MockOAuthProvider;
  resourceMetadataUrl: string;
} {
  const resourceUrl = new URL(`${cfg.baseUrl}/mcp`);
  const { router: authorizeRouter, startConsent } = createAuthorizeRoutes({
    service: cfg.service,
    theme: cfg.theme,
    scopes: cfg.scopes,
    store: cfg.store,
    resources: [resourceUrl.href, new URL(cfg.baseUrl).href],
    issuer: new URL(cfg.baseUrl).href,
  });
  const provider = new MockOAuthProvider(cfg.store, (client, params, res) =>
    startConsent(
      {
        client,
        redirectUri: params.redirectUri,
        state: params.state,
        scopes: grantedScopes(params.scopes ?? [], client, Object.keys(cfg.scopes)),
        codeChallenge: params.codeChallenge,
        resource: params.resource?.href,
      },
      res,
    ),
  );
  const scopesSupported = Object.keys(cfg.scopes);
  const resourceName = `${cfg.theme.productName} MCP server`;
  const noRateLimit = { rateLimit: false } as const;

  const router = express.Router();
  router.use(authorizeRouter);
  // The SDK's metadata plus RFC 9207: authorization responses carry `iss`, so clients can detect mix-ups.
  const asMetadata = {
    ...createOAuthMetadata({ provider, issuerUrl: new URL(cfg.baseUrl), scopesSupported }),
    authorization_response_iss_parameter_supported: true,
  };
  router.use('/.well-known/oauth-authorization-server', metadataHandler(asMetadata));
  router.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(cfg.baseUrl),
      resourceServerUrl: resourceUrl,
      scopesSupported,
      resourceName,
      authorizationOptions: noRateLimit,
      tokenOptions: noRateLimit,
      revocationOptions: noRateLimit,
      clientRegistrationOptions: noRateLimit,
    }),
  );
  const prm: OAuthProtectedResourceMetadata = {
    resource: resourceUrl.href,
    authorization_servers: [new URL(cfg.baseUrl).href],
    scopes_supported: scopesSupported,
    resource_name: resourceName,
    bearer_methods_supported: ['header'],
  };
  router.use(PROTECTED_RESOURCE_PATH, metadataHandler(prm));
  return { router, provider, resourceMetadataUrl: `${cfg.baseUrl}${PROTECTED_RESOURCE_PATH}` };
}
