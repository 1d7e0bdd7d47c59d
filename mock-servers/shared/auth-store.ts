/**
 * In-memory state of a mock's OAuth 2.1 authorization server, one facade over its parts: registered
 * clients (auth-clients.ts), pending consent requests and codes (auth-codes.ts), access tokens and
 * rotating refresh tokens (auth-tokens.ts). Pure bookkeeping; the HTTP side lives in oauth-provider.ts
 * and authorize-routes.ts.
 */
import type { OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { InvalidGrantError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { systemClock, type Clock } from '../../server/shared/clock.js';
import { AuthClients } from './auth-clients.js';
import { AuthCodes, type PendingAuthorization } from './auth-codes.js';
import { AuthTokens, type AuthTokenOptions } from './auth-tokens.js';
import type { Account } from './types.js';

export type { PendingAuthorization } from './auth-codes.js';

const PRUNE_INTERVAL_MS = 10_000;

export interface AuthStoreOptions extends AuthTokenOptions {
  codeLifetimeSeconds: number;
  /** Source of time for every lifetime here (default the system clock; tests pass a manual one). */
  clock?: Clock;
}

export class AuthStore {
  private readonly clients = new AuthClients();
  private readonly codes: AuthCodes;
  private readonly tokens: AuthTokens;
  private lastPrune = 0;
  private readonly clock: Clock;

  // The parts' methods, bound, with their docs in their own modules (auth-clients, auth-codes, auth-tokens).
  readonly getClient: AuthClients['get'];
  readonly registerClient: AuthClients['register'];
  readonly getPending: AuthCodes['getPending'];
  /** Single use: a decided request cannot be replayed. */
  readonly deletePending: AuthCodes['deletePending'];
  /** For requireBearerAuth: an expired token is returned with its past expiresAt, which the middleware refuses. */
  readonly verify: AuthTokens['verify'];
  /** RFC 7009: revoking a refresh token ends its whole grant; unknown tokens are ignored. */
  readonly revoke: AuthTokens['revoke'];
  /** Admin knobs: the account's access tokens expire now (refresh tokens stay usable), or all its tokens are revoked. */
  readonly expireAccount: AuthTokens['expireAccount'];
  readonly revokeAccount: AuthTokens['revokeAccount'];

  constructor(opts: AuthStoreOptions) {
    this.clock = opts.clock ?? systemClock;
    this.tokens = new AuthTokens(opts, this.clock);
    this.codes = new AuthCodes(this.clock, opts.codeLifetimeSeconds, (grantId) => this.tokens.revokeGrant(grantId));
    const { clients, codes, tokens } = this;
    this.getClient = clients.get.bind(clients);
    this.registerClient = clients.register.bind(clients);
    this.getPending = codes.getPending.bind(codes);
    this.deletePending = codes.deletePending.bind(codes);
    this.verify = tokens.verify.bind(tokens);
    this.revoke = tokens.revoke.bind(tokens);
    this.expireAccount = tokens.expireAccount.bind(tokens);
    this.revokeAccount = tokens.revokeAccount.bind(tokens);
  }

  createPending(req: Omit<PendingAuthorization, 'requestId' | 'csrfToken' | 'expiresAt'>): PendingAuthorization {
    this.prune();
    return this.codes.createPending(req);
  }

  issueCode(p: PendingAuthorization, account: Account): string {
    return this.codes.issueCode(p, account);
  }

  challengeFor(clientId: string, code: string): string {
    return this.codes.live(clientId, code).codeChallenge;
  }

  exchangeCode(clientId: string, code: string, redirectUri?: string, resource?: string): OAuthTokens {
    const entry = this.codes.live(clientId, code);
    entry.used = true;
    if (redirectUri === undefined && entry.redirectUriRequired) {
      throw new InvalidGrantError('redirect_uri is required: the authorization request included one');
    }
    if (redirectUri !== undefined && redirectUri !== entry.redirectUri) {
      throw new InvalidGrantError('redirect_uri does not match the authorization request');
    }
    this.tokens.checkResource(entry.grant, resource);
    return this.tokens.issue(entry.grant);
  }

  /** Rotation: the presented refresh token is consumed; a new pair is returned. A refused request consumes nothing. */
  exchangeRefresh(clientId: string, refreshToken: string, scopes?: string[], resource?: string): OAuthTokens {
    this.prune();
    return this.tokens.exchangeRefresh(clientId, refreshToken, scopes, resource);
  }

  reset(): void {
    this.clients.reset();
    this.codes.reset();
    this.tokens.reset();
  }

  /** Counts only: token values never leave the store. */
  summary(): ReturnType<AuthTokens['summary']> {
    return this.tokens.summary();
  }

  get clientCount(): number {
    return this.clients.count;
  }

  /** Drops stale pending requests, codes and rotated tokens; throttled so busy servers do not scan on every request. */
  private prune(): void {
    const now = this.clock.now();
    if (now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    this.codes.prune(now);
    this.tokens.prune(now);
  }
}
