/**
 * Access tokens and rotating refresh tokens: issuing, verifying, rotation with reuse detection,
 * revocation, and the admin knobs that expire or revoke an account's tokens.
 */
import {
  InvalidGrantError,
  InvalidScopeError,
  InvalidTargetError,
  InvalidTokenError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Clock } from '../../server/shared/clock.js';
import { randomId, type Grant } from './auth-grant.js';
import type { Account } from './types.js';

/** How long a rotated refresh token is remembered, so its reuse is still recognised. */
const ROTATED_RETENTION_MS = 24 * 60 * 60_000;

export interface AuthTokenOptions {
  tokenPrefix: string;
  tokenLifetimeSeconds: number;
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

/** Token values are only map keys here; they leave in `issue`'s answer to the client (a refresh too) and nowhere else. */
export class AuthTokens {
  /** Live access tokens, by value. */
  private readonly access = new Map<string, AccessToken>();
  /** Live refresh tokens, by value: each is its grant until rotated. */
  private readonly refresh = new Map<string, Grant>();
  private readonly rotated = new Map<string, RotatedToken>();

  constructor(
    private readonly opts: AuthTokenOptions,
    private readonly clock: Clock,
  ) {}

  /** RFC 8707 §2.2: the resource of a token request is the grant's, or (grant without one) one of ours. */
  checkResource(grant: Grant, resource: string | undefined): void {
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
    return this.issue(scopes ? { ...grant, scopes } : grant);
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

  /** A new access token and refresh token for the grant. */
  issue(grant: Grant): OAuthTokens {
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

  revokeGrant(grantId: string): void {
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

  /** Forgets rotated refresh tokens past their retention (the caller throttles). */
  prune(now: number): void {
    for (const [k, r] of this.rotated) if (r.rotatedAt < now - ROTATED_RETENTION_MS) this.rotated.delete(k);
  }

  reset(): void {
    this.access.clear();
    this.refresh.clear();
    this.rotated.clear();
  }
}
