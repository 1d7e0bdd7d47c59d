/**
 * Starts and completes downstream OAuth authorizations: PKCE + a single-use `state` bound to the
 * browser session that started it, and to its signed-in user (user-level servers) or to the project
 * (the shared credential of a project-level server). The callback stores the tokens only for the owner
 * recorded with the state, and only when it comes back in that same browser session.
 *
 * The shared credential starts from the settings API, which the browser never talks to directly: the
 * API hands out a one-time start link (`/auth/shared?ticket=`, 5 minutes); the browser that opens it
 * gets a navigator session and the downstream authorization is bound to that session, like a user's.
 */
import * as oauth from 'oauth4webapi';
import { systemClock, type Clock } from '../../shared/clock.js';
import { HttpError } from '../../shared/http.js';
import { OAuthFlowError, OAuthRuleError } from '../oauth/http.js';
import { buildAuthorizeUrl, createPkce, exchangeCode, validateCallback } from '../oauth/tokens.js';
import type { NavigatorService } from '../service.js';
import { PROJECT_OWNER } from '../store/store.js';
import type { ServerRecord } from '../store/store.js';
import { PendingStates } from './web-session.js';

const STATE_TTL_MS = 10 * 60 * 1000;
const TICKET_TTL_MS = 5 * 60 * 1000;

export type Pending =
  | {
      kind: 'user';
      sessionId: string;
      userId: string;
      projectId: string;
      serverId: number;
      verifier: string;
      backPath: string;
      expiresAt: number;
    }
  | { kind: 'project'; sessionId: string; projectId: string; serverId: number; verifier: string; expiresAt: number };

type PendingInput = Pending extends infer P ? (P extends Pending ? Omit<P, 'verifier' | 'expiresAt'> : never) : never;

interface SharedTicket {
  projectId: string;
  serverId: number;
  expiresAt: number;
}

export type CallbackOutcome =
  | { ok: true; pending: Pending; server: ServerRecord }
  | {
      ok: false;
      reason: 'unknown_state' | 'wrong_session' | 'denied' | 'server_error' | 'exchange_failed' | 'issuer_mismatch';
      pending?: Pending;
      server?: ServerRecord;
      detail?: string;
    };

export class OAuthConnector {
  private readonly states: PendingStates<Pending>;
  private readonly tickets: PendingStates<SharedTicket>;

  constructor(
    private readonly nav: NavigatorService,
    private readonly timeoutMs: number,
    /** Times the state and start-link lifetimes (default the system clock). */
    private readonly clock: Clock = systemClock,
  ) {
    this.states = new PendingStates<Pending>(clock);
    this.tickets = new PendingStates<SharedTicket>(clock);
  }

  /** The downstream authorize URL for `server`; its state remembers who asked, in which browser session. */
  async start(server: ServerRecord, input: PendingInput): Promise<string> {
    let settings;
    try {
      settings = await this.nav.ensureOAuth(server);
    } catch (err) {
      throw new HttpError(
        'bad_gateway',
        `${server.displayName} cannot be connected right now: ${err instanceof OAuthFlowError ? err.message : 'OAuth setup failed'}`,
      );
    }
    const pkce = await createPkce();
    const state = this.states.issue({
      ...input,
      verifier: pkce.verifier,
      expiresAt: this.clock.now() + STATE_TTL_MS,
    });
    return buildAuthorizeUrl(settings, state, pkce.challenge);
  }

  /** A one-time start link for a project-level server's shared credential (single-use, 5 minutes). */
  issueSharedTicket(server: ServerRecord): { ticket: string; expiresInSeconds: number } {
    return {
      ticket: this.tickets.issue({
        projectId: server.projectId,
        serverId: server.id,
        expiresAt: this.clock.now() + TICKET_TTL_MS,
      }),
      expiresInSeconds: TICKET_TTL_MS / 1000,
    };
  }

  /** Redeems a start link in the browser session `sessionId`; undefined when unknown, used or expired. */
  async startShared(ticket: string, sessionId: string): Promise<{ url: string; server: ServerRecord } | undefined> {
    const t = this.tickets.take(ticket);
    if (!t) return undefined;
    const server = this.nav.serverById(t.projectId, t.serverId);
    if (!server || server.authLevel !== 'project') return undefined;
    return {
      url: await this.start(server, { kind: 'project', sessionId, projectId: t.projectId, serverId: server.id }),
      server,
    };
  }

  /** Handles `/auth/callback`; `sessionId` is the caller's browser session, if any. */
  async complete(params: URLSearchParams, sessionId: string | undefined): Promise<CallbackOutcome> {
    const state = params.get('state') ?? undefined;
    const pending = state ? this.states.take(state) : undefined;
    if (!state || !pending) return { ok: false, reason: 'unknown_state' };
    const server = this.nav.serverById(pending.projectId, pending.serverId);
    if (!server || !server.oauth) return { ok: false, reason: 'unknown_state', pending };
    type Failure = Extract<CallbackOutcome, { ok: false }>['reason'];
    const fail = (reason: Failure, detail?: string): CallbackOutcome => ({
      ok: false,
      reason,
      pending,
      server,
      detail,
    });
    const message = (err: unknown, otherwise: string) => (err instanceof OAuthFlowError ? err.message : otherwise);
    if (pending.sessionId !== sessionId) return fail('wrong_session');
    let checked: URLSearchParams;
    try {
      checked = validateCallback(server.oauth, params, state);
    } catch (err) {
      if (err instanceof oauth.AuthorizationResponseError) {
        if (err.error === 'access_denied') return fail('denied');
        return fail('server_error', (err.error_description ?? err.error).slice(0, 200));
      }
      if (err instanceof OAuthRuleError) return fail('issuer_mismatch', err.message);
      return fail('server_error', message(err, 'malformed answer'));
    }
    try {
      const tokens = await exchangeCode(server.oauth, checked, pending.verifier, this.timeoutMs, undefined, this.clock);
      this.nav.saveCredential(pending.kind === 'user' ? pending.userId : PROJECT_OWNER, server, tokens);
      return { ok: true, pending, server };
    } catch (err) {
      return fail('exchange_failed', message(err, 'token exchange failed'));
    }
  }
}
