/**
 * Pending consent requests and the authorization codes they yield: short-lived, single use, and a
 * replayed code revokes what it already issued.
 */
import { InvalidGrantError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Clock } from '../../server/shared/clock.js';
import { randomId, type Grant } from './auth-grant.js';
import type { Account } from './types.js';

const PENDING_LIFETIME_MS = 10 * 60_000;

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

export interface AuthCode {
  grant: Grant;
  codeChallenge: string;
  redirectUri: string;
  redirectUriRequired: boolean;
  expiresAt: number;
  used: boolean;
}

export class AuthCodes {
  private pending = new Map<string, PendingAuthorization>();
  private codes = new Map<string, AuthCode>();

  /** `revokeGrant` ends the tokens of a grant whose code is replayed (they live in AuthTokens). */
  constructor(
    private readonly clock: Clock,
    private readonly codeLifetimeSeconds: number,
    private readonly revokeGrant: (grantId: string) => void,
  ) {}

  createPending(req: Omit<PendingAuthorization, 'requestId' | 'csrfToken' | 'expiresAt'>): PendingAuthorization {
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
      expiresAt: this.clock.now() + this.codeLifetimeSeconds * 1000,
      used: false,
    });
    return code;
  }

  /** The client's unexpired, unused code; throws the OAuth error to answer otherwise. */
  live(clientId: string, code: string): AuthCode {
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

  /** Drops stale pending requests and codes (the caller throttles). */
  prune(now: number): void {
    for (const [k, p] of this.pending) if (p.expiresAt < now) this.pending.delete(k);
    // Used codes are kept until their expiry so a replay is still recognised (and revokes its grant).
    for (const [k, c] of this.codes) if (c.expiresAt < now) this.codes.delete(k);
  }

  reset(): void {
    this.pending.clear();
    this.codes.clear();
  }
}
