/**
 * The mock's OAuthServerProvider for the MCP SDK's auth router: the SDK handles /token, /register and
 * /revoke request parsing, client authentication and PKCE verification; this class answers from the
 * AuthStore. `/authorize` is served by authorize-routes.ts (exact redirect matching, HTML pages).
 */
import type { Response } from 'express';
import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type {
  OAuthClientInformationFull,
  OAuthTokenRevocationRequest,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { AuthStore } from './auth-store.js';

export class MockOAuthProvider implements OAuthServerProvider {
  readonly clientsStore: OAuthRegisteredClientsStore;

  constructor(
    private readonly store: AuthStore,
    /** Renders the consent page; shared with authorize-routes.ts so both entry points behave alike. */
    private readonly renderConsent: (
      client: OAuthClientInformationFull,
      params: AuthorizationParams,
      res: Response,
    ) => void,
  ) {
    this.clientsStore = {
      getClient: (id) => store.getClient(id),
      registerClient: (client) => store.registerClient(client as OAuthClientInformationFull),
    };
  }

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response): Promise<void> {
    this.renderConsent(client, params, res);
  }

  async challengeForAuthorizationCode(client: OAuthClientInformationFull, code: string): Promise<string> {
    return this.store.challengeFor(client.client_id, code);
  }

  async exchangeAuthorizationCode(
    client: OAuthClientInformationFull,
    code: string,
    _codeVerifier?: string,
    redirectUri?: string,
    resource?: URL,
  ): Promise<OAuthTokens> {
    return this.store.exchangeCode(client.client_id, code, redirectUri, resource?.href);
  }

  async exchangeRefreshToken(
    client: OAuthClientInformationFull,
    refreshToken: string,
    scopes?: string[],
    resource?: URL,
  ): Promise<OAuthTokens> {
    return this.store.exchangeRefresh(client.client_id, refreshToken, scopes, resource?.href);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    return this.store.verify(token);
  }

  async revokeToken(client: OAuthClientInformationFull, request: OAuthTokenRevocationRequest): Promise<void> {
    this.store.revoke(client.client_id, request.token);
  }
}
