/**
 * In-memory state of a mock's OAuth 2.1 authorization server: registered clients, pending consent
 * requests, authorization codes, access tokens and rotating refresh tokens. Pure bookkeeping; the HTTP
 * side lives in oauth-provider.ts and authorize-routes.ts.
 */
import { randomBytes } from 'node:crypto';
import {
  InvalidGrantError,
  InvalidScopeError,
  InvalidTargetError,
  InvalidTokenError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { systemClock, type Clock } from '../../server/shared/clock.js';
import type { Account } from './types.js';

const PENDING_LIFETIME_MS = 10 * 60_000;
const PRUNE_INTERVAL_MS = 10_000;
/** How long a rotated refresh token is remembered, so its reuse is still recognised. */
const ROTATED_RETENTION_MS = 24 * 60 * 60_000;

export interface PendingAuthorization {
  requestId: string;
  csrfToken: string;
  client: OAuthClientInformationFull;
  redirectUri: string;
  state?: string;
  scopes: string[];
  codeChallenge: string;
  resource?: string;
  loginHint?: Account;
  /** The request named its redirect_uri, so the token request must repeat it (RFC 6749 §4.1.3). */
  redirectUriInRequest?: boolean;
  expiresAt: number;
}

interface Grant {
  id: string;
  clientId: string;
  account: Account;
  scopes: string[];
  resource?: string;
}

interface AuthCode {
  grant: Grant;
  codeChallenge: string;
  redirectUri: string;
  redirectUriRequired: boolean;
  expiresAt: number;
  used: boolean;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
}

/** A refresh token already exchanged: remembered to detect reuse. */
interface RotatedToken {
  grantId: string;
  clientId: string;
  rotatedAt: number;
}

export interface AuthStoreOptions {
  tokenPrefix: string;
  tokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
  /**
   * A rotated refresh token presented again within this many seconds is refused but the grant survives
   * (a duplicate or retried refresh from a client without single-flight); later, reuse revokes the
   * whole grant (OAuth 2.1 refresh token rotation, RFC 9700 §4.14.2). Default 5.
   */
  refreshReuseGraceSeconds?: number;
  /**
   * RFC 8707 resource indicators of this server (normalized `URL.href`). A token or refresh request
   * naming another resource is refused even when the authorization request named none.
   */
  resources?: readonly string[];
  /** Source of time for every lifetime here (default the system clock; tests pass a manual one). */
  clock?: Clock;
}

const randomId = (bytes = 24): string => randomBytes(bytes).toString('base64url');

export class AuthStore {
  private clients = new Map<string, OAuthClientInformationFull>();
  private pending = new Map<string, PendingAuthorization>();
  private codes = new Map<string, AuthCode>();
  private access = new Map<string, AccessToken>();
  private refresh = new Map<string, Grant>();
  private rotated = new Map<string, RotatedToken>();
  private lastPrune = 0;

  private readonly clock: Clock;

  constructor(private readonly opts: AuthStoreOptions) {
    this.clock = opts.clock ?? systemClock;
  }

  getClient(clientId: string): OAuthClientInformationFull | undefined {
    return this.clients.get(clientId);
  }

  registerClient(client: OAuthClientInformationFull): OAuthClientInformationFull {
    this.clients.set(client.client_id, client);
    return client;
  }

  createPending(req: Omit<PendingAuthorization, 'requestId' | 'csrfToken' | 'expiresAt'>): PendingAuthorization {
    this.prune();
    const pending: PendingAuthorization = {
      ...req,
      requestId: randomId(16),
      csrfToken: randomId(),
      expiresAt: this.clock.now() + PENDING_LIFETIME_MS,
    };
    this.pending.set(pending.requestId, pending);
    return pending;
  }

  getPending(requestId: string): PendingAuthorization | undefined {
    const p = this.pending.get(requestId);
    if (p && p.expiresAt < this.clock.now()) {
      this.pending.delete(requestId);
      return undefined;
    }
    return p;
  }

  /** Single use: a decided request cannot be replayed. */
  deletePending(requestId: string): void {
    this.pending.delete(requestId);
  }

  issueCode(p: PendingAuthorization, account: Account): string {
    const code = randomId();
    this.codes.set(code, {
      grant: { id: randomId(12), clientId: p.client.client_id, account, scopes: p.scopes, resource: p.resource },
      codeChallenge: p.codeChallenge,
      redirectUri: p.redirectUri,
      redirectUriRequired: p.redirectUriInRequest ?? false,
      expiresAt: this.clock.now() + this.opts.codeLifetimeSeconds * 1000,
      used: false,
    });
    return code;
  }

  private liveCode(clientId: string, code: string): AuthCode {
    const entry = this.codes.get(code);
    if (!entry || entry.grant.clientId !== clientId) throw new InvalidGrantError('Unknown authorization code');
    if (entry.used) {
      // OAuth 2.1 §4.1.3: a replayed code revokes what it already issued.
      this.revokeGrant(entry.grant.id);
      throw new InvalidGrantError('Authorization code was already used');
    }
    if (entry.expiresAt < this.clock.now()) throw new InvalidGrantError('Authorization code has expired');
    return entry;
  }

  challengeFor(clientId: string, code: string): string {
    return this.liveCode(clientId, code).codeChallenge;
  }

  exchangeCode(clientId: string, code: string, redirectUri?: string, resource?: string): OAuthTokens {
    const entry = this.liveCode(clientId, code);
    entry.used = true;
    if (redirectUri === undefined && entry.redirectUriRequired) {
      throw new InvalidGrantError('redirect_uri is required: the authorization request included one');
    }
    if (redirectUri !== undefined && redirectUri !== entry.redirectUri) {
      throw new InvalidGrantError('redirect_uri does not match the authorization request');
    }
    this.checkResource(entry.grant, resource);
    return this.issueTokens(entry.grant);
  }

  /** RFC 8707 §2.2: the resource of a token request is the grant's, or (grant without one) one of ours. */
  private checkResource(grant: Grant, resource: string | undefined): void {
    if (resource === undefined) return;
    const normalized = URL.canParse(resource) ? new URL(resource).href : resource;
    if (grant.resource !== undefined) {
      if (normalized !== grant.resource)
        throw new InvalidTargetError('resource does not match the authorization request');
      return;
    }
    if (this.opts.resources && !this.opts.resources.includes(normalized))
      throw new InvalidTargetError('resource is not served by this authorization server');
  }

  /** Rotation: the presented refresh token is consumed; a new pair is returned. A refused request consumes nothing. */
  exchangeRefresh(clientId: string, refreshToken: string, scopes?: string[], resource?: string): OAuthTokens {
    this.prune();
    const grant = this.refresh.get(refreshToken);
    if (!grant || grant.clientId !== clientId) {
      this.detectReuse(clientId, refreshToken);
      throw new InvalidGrantError('Invalid or already used refresh token');
    }
    // Checked before rotation, so a refused widening or a foreign resource leaves the token usable.
    if (scopes && scopes.some((s) => !grant.scopes.includes(s))) {
      throw new InvalidScopeError('Requested scope exceeds the original grant');
    }
    this.checkResource(grant, resource);
    this.refresh.delete(refreshToken);
    this.rotated.set(refreshToken, { grantId: grant.id, clientId, rotatedAt: this.clock.now() });
    return this.issueTokens(scopes ? { ...grant, scopes } : grant);
  }

  /** A rotated token presented again after the grace window: someone else may hold it, so the grant ends. */
  private detectReuse(clientId: string, refreshToken: string): void {
    const used = this.rotated.get(refreshToken);
    if (!used || used.clientId !== clientId) return;
    const graceMs = (this.opts.refreshReuseGraceSeconds ?? 5) * 1000;
    if (this.clock.now() - used.rotatedAt <= graceMs) return;
    this.revokeGrant(used.grantId);
    throw new InvalidGrantError('Refresh token was already used; the grant is revoked, sign in again');
  }

  private issueTokens(grant: Grant): OAuthTokens {
    const accessToken = `${this.opts.tokenPrefix}_at_${randomId()}`;
    const refreshToken = `${this.opts.tokenPrefix}_rt_${randomId()}`;
    this.access.set(accessToken, { grant, expiresAt: this.clock.now() + this.opts.tokenLifetimeSeconds * 1000 });
    this.refresh.set(refreshToken, grant);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.opts.tokenLifetimeSeconds,
      refresh_token: refreshToken,
      scope: grant.scopes.join(' '),
    };
  }

  /** For requireBearerAuth: an expired token is returned with its past expiresAt, which the middleware refuses. */
  verify(token: string): AuthInfo {
    const entry = this.access.get(token);
    if (!entry) throw new InvalidTokenError('Unknown or revoked access token');
    const { grant } = entry;
    return {
      token,
      clientId: grant.clientId,
      scopes: grant.scopes,
      expiresAt: Math.floor(entry.expiresAt / 1000),
      resource: grant.resource ? new URL(grant.resource) : undefined,
      extra: { account: grant.account },
    };
  }

  /** RFC 7009: revoking a refresh token ends its whole grant; unknown tokens are ignored. */
  revoke(clientId: string, token: string): void {
    const access = this.access.get(token);
    if (access && access.grant.clientId === clientId) this.access.delete(token);
    const grant = this.refresh.get(token);
    if (grant && grant.clientId === clientId) this.revokeGrant(grant.id);
  }

  private revokeGrant(grantId: string): void {
    for (const [t, a] of this.access) if (a.grant.id === grantId) this.access.delete(t);
    for (const [t, g] of this.refresh) if (g.id === grantId) this.refresh.delete(t);
  }

  /** Admin knob: the account's access tokens expire now; refresh tokens stay usable. */
  expireAccount(account: Account): number {
    let n = 0;
    const past = this.clock.now() - 1000;
    for (const a of this.access.values()) {
      if (a.grant.account === account && a.expiresAt > past) {
        a.expiresAt = past;
        n++;
      }
    }
    return n;
  }

  /** Admin knob: every access and refresh token of the account is revoked. */
  revokeAccount(account: Account): number {
    let n = 0;
    for (const [t, a] of this.access) {
      if (a.grant.account === account && this.access.delete(t)) n++;
    }
    for (const [t, g] of this.refresh) {
      if (g.account === account && this.refresh.delete(t)) n++;
    }
    return n;
  }

  reset(): void {
    for (const m of [this.clients, this.pending, this.codes, this.access, this.refresh, this.rotated]) m.clear();
  }

  /** Counts only: token values never leave the store. */
  summary(): Record<string, { activeAccessTokens: number; expiredAccessTokens: number; refreshTokens: number }> {
    const out: Record<string, { activeAccessTokens: number; expiredAccessTokens: number; refreshTokens: number }> = {};
    const row = (acc: string) => (out[acc] ??= { activeAccessTokens: 0, expiredAccessTokens: 0, refreshTokens: 0 });
    const now = this.clock.now();
    for (const a of this.access.values()) {
      if (a.expiresAt > now) row(a.grant.account).activeAccessTokens++;
      else row(a.grant.account).expiredAccessTokens++;
    }
    for (const g of this.refresh.values()) row(g.account).refreshTokens++;
    return out;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Drops stale pending requests and codes; throttled so busy servers do not scan on every request. */
  private prune(): void {
    const now = this.clock.now();
    if (now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    for (const [k, p] of this.pending) if (p.expiresAt < now) this.pending.delete(k);
    // Used codes are kept until their expiry so a replay is still recognised (and revokes its grant).
    for (const [k, c] of this.codes) if (c.expiresAt < now) this.codes.delete(k);
    for (const [k, r] of this.rotated) if (r.rotatedAt < now - ROTATED_RETENTION_MS) this.rotated.delete(k);
  }
}
