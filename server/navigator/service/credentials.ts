/**
 * Credential changes with their consequences: the pool drops the client that used the old tokens,
 * the listeners hear of it, and a removed grant is revoked at its provider (service/revocation.ts).
 */
import type { DownstreamPool } from '../downstream/pool.js';
import type { FetchLike } from '../oauth/outbound.js';
import type { NavigatorStore, ServerRecord, Tokens } from '../store/store.js';
import type { ServiceEvents } from './events.js';
import { revokeGrants } from './revocation.js';
import type { RevocationSummary } from './revocation.js';

export class CredentialChanges {
  constructor(
    private readonly deps: {
      store: NavigatorStore;
      pool: DownstreamPool;
      events: ServiceEvents;
      revocation: { timeoutMs: number; fetch: FetchLike; log: (line: string) => void };
    },
  ) {}

  save(owner: string, server: ServerRecord, tokens: Tokens): void {
    this.deps.store.saveCredential(owner, server.id, tokens);
    this.deps.pool.drop(owner, server.id);
    this.deps.events.credentialChanged(owner, server.id);
  }

  /** Deletes `owner`'s credential first (nothing keeps claiming a connection), then revokes its grant. */
  async delete(owner: string, server: ServerRecord): Promise<{ removed: boolean; revocation: RevocationSummary }> {
    const grants = this.take(server, [owner]);
    return { removed: grants.length > 0, revocation: await this.revokeAll(server, grants) };
  }

  /** Reads and deletes the credentials of `owners` for `server`; returns their tokens for revocation. */
  take(server: ServerRecord, owners: readonly string[]): Tokens[] {
    const { store, pool, events } = this.deps;
    const grants: Tokens[] = [];
    for (const owner of owners) {
      const cred = store.getCredential(owner, server.id);
      pool.drop(owner, server.id);
      if (store.deleteCredential(owner, server.id)) {
        events.credentialChanged(owner, server.id);
        if (cred) grants.push(cred);
      }
    }
    return grants;
  }

  /** RFC 7009 at the server's revocation endpoint (service/revocation.ts). */
  revokeAll(server: ServerRecord, grants: readonly Tokens[]): Promise<RevocationSummary> {
    return revokeGrants(server, grants, this.deps.revocation);
  }
}
