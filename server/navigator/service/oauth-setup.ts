/**
 * A server's OAuth client on the navigator's side: discovery (RFC 9728, RFC 8414) and registration
 * (RFC 7591), lazily on first connect (one at a time per server) or up front for a settings request.
 */
import { HttpError } from '../../shared/http.js';
import { discoverAndRegister } from '../oauth/discovery.js';
import { OAuthFlowError, OAuthRuleError, settingsMatchServer } from '../oauth/http.js';
import type { FetchLike } from '../oauth/outbound.js';
import type { NavigatorStore, OAuthSettings, ServerRecord } from '../store/store.js';

export class OAuthSetup {
  private readonly pending = new Map<string, Promise<OAuthSettings>>();

  constructor(
    private readonly store: NavigatorStore,
    private readonly redirectUri: () => string,
    private readonly outbound: FetchLike,
  ) {}

  /** OAuth client settings for `server`, discovering and registering when missing or stale. */
  async ensure(server: ServerRecord): Promise<OAuthSettings> {
    const redirectUri = this.redirectUri();
    // Read it fresh: another request may have registered since the caller loaded `server`.
    const current = this.store.getServer(server.projectId, server.name) ?? server;
    // Settings for another resource (stored before the RFC 9728 check) are discovered again, and refused if still wrong.
    if (
      current.oauth &&
      current.oauth.redirect_uri === redirectUri &&
      settingsMatchServer(current.oauth, current.mcpUrl)
    )
      return current.oauth;
    // One registration per server at a time: concurrent first connections must share one client_id,
    // or the callback of the earlier one exchanges its code with the later client and fails.
    const key = `${current.id}|${redirectUri}`;
    let setup = this.pending.get(key);
    if (!setup) {
      setup = discoverAndRegister(current.mcpUrl, redirectUri, { fetch: this.outbound })
        .then((oauth) => {
          this.store.setServerOAuth(current, oauth);
          return oauth;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, setup);
    }
    return setup;
  }

  /** Discovery + registration for a settings request: a refusal is a 422 naming the rule; nothing is stored. */
  async forAdmin(mcpUrl: string, unchanged = 'Nothing was added.'): Promise<OAuthSettings> {
    try {
      return await discoverAndRegister(mcpUrl, this.redirectUri(), { fetch: this.outbound });
    } catch (err) {
      if (err instanceof OAuthRuleError)
        throw new HttpError('unprocessable', `Refused ${mcpUrl}: ${err.message}. ${unchanged}`, { rule: err.rule });
      const msg = err instanceof OAuthFlowError ? err.message : 'OAuth discovery failed';
      throw new HttpError('unprocessable', `Could not set up OAuth for ${mcpUrl}: ${msg}. ${unchanged}`);
    }
  }
}
