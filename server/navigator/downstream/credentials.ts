/**
 * The access token a downstream session sends, per (owner, server): checked before use, renewed once
 * with rotation (single-flight per credential), and marked invalid when renewal fails (B16).
 */
import type { NavigatorStore, ServerRecord } from '../store/store.js';
import { OAuthFlowError, settingsMatchServer } from '../oauth/http.js';
import { refreshTokens } from '../oauth/tokens.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { CredentialMap } from './credential-map.js';
import { DownstreamFailure } from './failure.js';

/** What the pool needs of the store: read, rotate and invalidate one credential. */
export type PoolCredentials = Pick<NavigatorStore, 'getCredential' | 'saveCredential' | 'markCredentialInvalid'>;

export interface CredentialOptions {
  credentials: PoolCredentials;
  timeoutMs: number;
  log?: (line: string) => void;
  /** Told when a failed refresh marked a credential invalid (the user lost the server). */
  onCredentialInvalid?: (owner: string, serverId: number) => void;
  clock?: Clock;
}

/** A token this close to its expiry is renewed before use rather than sent to fail. */
const RENEW_MARGIN_MS = 5_000;

export class DownstreamCredentials {
  private readonly refreshing = new CredentialMap<Promise<boolean>>();

  constructor(private readonly opts: CredentialOptions) {}

  private now(): number {
    return (this.opts.clock ?? systemClock).now();
  }

  /** The token to open `owner`'s session with, renewed first when it is about to expire. */
  async accessToken(owner: string, server: ServerRecord): Promise<string> {
    // A token minted for another resource (legacy settings) never goes to this URL.
    if (!settingsMatchServer(server.oauth, server.mcpUrl))
      throw new DownstreamFailure('not_connected', 'its OAuth settings are for another resource');
    let cred = this.opts.credentials.getCredential(owner, server.id);
    if (!cred || cred.status !== 'valid') throw new DownstreamFailure('not_connected', 'no valid credential');
    if (cred.expiresAt !== undefined && cred.expiresAt < this.now() + RENEW_MARGIN_MS) {
      if (!(await this.refresh(owner, server, cred.accessToken))) throw this.invalidate(owner, server);
      cred = this.opts.credentials.getCredential(owner, server.id);
      if (!cred) throw new DownstreamFailure('not_connected', 'no valid credential');
    }
    return cred.accessToken;
  }

  /** Refreshes once per credential at a time; true when a usable new access token is stored. */
  refresh(owner: string, server: ServerRecord, failedToken: string | undefined): Promise<boolean> {
    const running = this.refreshing.get(owner, server.id);
    if (running) return running;
    const p = (async () => {
      const cred = this.opts.credentials.getCredential(owner, server.id);
      if (!cred || cred.status !== 'valid') return false;
      // Someone else already refreshed the token that failed. Unknown (the 401 came while connecting): refresh.
      if (
        failedToken !== undefined &&
        cred.accessToken !== failedToken &&
        (cred.expiresAt === undefined || cred.expiresAt > this.now() + RENEW_MARGIN_MS)
      )
        return true;
      if (!cred.refreshToken || !server.oauth) return false;
      try {
        const tokens = await refreshTokens(
          server.oauth,
          cred.refreshToken,
          this.opts.timeoutMs,
          undefined,
          this.opts.clock,
        );
        this.opts.credentials.saveCredential(owner, server.id, tokens);
        return true;
      } catch (err) {
        if (err instanceof OAuthFlowError && err.httpStatus !== undefined && err.httpStatus < 500) return false;
        throw new DownstreamFailure(
          'unavailable',
          'its authorization server could not be reached to renew the credential',
        );
      }
    })().finally(() => this.refreshing.delete(owner, server.id));
    this.refreshing.set(owner, server.id, p);
    return p;
  }

  /** Marks the credential invalid (B16) and returns the failure to throw. */
  invalidate(owner: string, server: ServerRecord): DownstreamFailure {
    this.opts.credentials.markCredentialInvalid(owner, server.id);
    this.opts.log?.(`credential of ${owner} for ${server.name} marked invalid after a failed refresh`);
    this.opts.onCredentialInvalid?.(owner, server.id);
    return new DownstreamFailure('auth_failed', 'the credential expired or was revoked');
  }
}
