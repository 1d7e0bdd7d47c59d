/**
 * Starts and completes downstream OAuth authorizations: PKCE + a single-use `state` bound either to
 * a signed-in browser session and its user, or to a project (shared credential of a project-level
 * server). The callback stores the tokens only for the owner recorded with the state.
 */
import { HttpError } from '../../shared/http.js';
import { OAuthFlowError } from '../oauth/http.js';
import { buildAuthorizeUrl, createPkce, exchangeCode } from '../oauth/tokens.js';
import type { NavigatorService } from '../service.js';
import { PROJECT_OWNER } from '../store/store.js';
import type { ServerRecord } from '../store/store.js';
import { PendingStates } from './web-session.js';

const STATE_TTL_MS = 10 * 60 * 1000;

export type Pending =
  | { kind: 'user'; sessionId: string; userId: string; projectId: string; serverId: number; verifier: string; backPath: string; expiresAt: number }
  | { kind: 'project'; projectId: string; serverId: number; verifier: string; expiresAt: number };

type PendingInput = Pending extends infer P ? (P extends Pending ? Omit<P, 'verifier' | 'expiresAt'> : never) : never;

export type CallbackOutcome =
  | { ok: true; pending: Pending; server: ServerRecord }
  | { ok: false; reason: 'unknown_state' | 'wrong_session' | 'denied' | 'server_error' | 'exchange_failed'; pending?: Pending; server?: ServerRecord; detail?: string };

export class OAuthConnector {
  private readonly states = new PendingStates<Pending>();

  constructor(private readonly nav: NavigatorService, private readonly timeoutMs: number) {}

  /** The downstream authorize URL for `server`; its state remembers who asked. */
  async start(server: ServerRecord, input: PendingInput): Promise<string> {
    let oauth;
    try {
      oauth = await this.nav.ensureOAuth(server);
    } catch (err) {
      throw new HttpError('bad_gateway', `${server.displayName} cannot be connected right now: ${err instanceof OAuthFlowError ? err.message : 'OAuth setup failed'}`);
    }
    const pkce = createPkce();
    const state = this.states.issue({ ...input, verifier: pkce.verifier, expiresAt: Date.now() + STATE_TTL_MS } as Pending);
    return buildAuthorizeUrl(oauth, state, pkce.challenge);
  }

  /** Handles `/auth/callback`; `sessionId` is the caller's browser session, if any. */
  async complete(query: { state?: string; code?: string; error?: string; error_description?: string }, sessionId: string | undefined): Promise<CallbackOutcome> {
    const pending = query.state ? this.states.take(query.state) : undefined;
    if (!pending) return { ok: false, reason: 'unknown_state' };
    const server = this.nav.store.listServers(pending.projectId).find((s) => s.id === pending.serverId);
    if (!server || !server.oauth) return { ok: false, reason: 'unknown_state', pending };
    if (pending.kind === 'user' && pending.sessionId !== sessionId) return { ok: false, reason: 'wrong_session', pending, server };
    if (query.error === 'access_denied') return { ok: false, reason: 'denied', pending, server };
    if (query.error || !query.code) return { ok: false, reason: 'server_error', pending, server, detail: (query.error_description ?? query.error ?? 'no code').slice(0, 200) };
    try {
      const tokens = await exchangeCode(server.oauth, query.code, pending.verifier, this.timeoutMs);
      this.nav.saveCredential(pending.kind === 'user' ? pending.userId : PROJECT_OWNER, server, tokens);
      return { ok: true, pending, server };
    } catch (err) {
      return { ok: false, reason: 'exchange_failed', pending, server, detail: err instanceof OAuthFlowError ? err.message : 'token exchange failed' };
    }
  }
}
