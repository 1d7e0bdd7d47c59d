/**
 * Where one user stands with a project's servers: the `get_authentication_link` status (B2-B5, B10,
 * with the B16 pings when asked to verify) and the servers the user can use right now (B11).
 */
import { systemClock, type Clock, type Timer } from '../../shared/clock.js';
import type { AuthLinkResult } from '../../shared/contracts.js';
import type { DownstreamPool } from '../downstream/pool.js';
import { computeAuthStatus } from '../status.js';
import { PROJECT_OWNER } from '../store/store.js';
import type { NavigatorStore, ServerRecord } from '../store/store.js';
import type { DefaultLinks } from './links.js';

export class UserStatus {
  constructor(
    private readonly deps: {
      store: NavigatorStore;
      pool: DownstreamPool;
      links: DefaultLinks;
      /** How long a status check waits for the credential pings (default 2000 ms). */
      verifyBudgetMs?: number;
      clock?: Clock;
    },
  ) {}

  /**
   * Status for `userId`: one indexed query for the user's credentials (servers, link and instances come
   * from the store's caches). With `verify`, each connected user-level credential is pinged on its
   * server in parallel (B16), bounded by `verifyBudgetMs`; the credentials are read again only when a
   * ping found one invalid.
   */
  async status(userId: string, projectId: string, opts: { verify?: boolean } = {}): Promise<AuthLinkResult> {
    const { store, pool, clock } = this.deps;
    const servers = store.listServers(projectId);
    let credentials = store.credentialStates(userId, projectId);
    if (opts.verify) {
      const connected = servers.filter((s) => s.authLevel === 'user' && credentials.get(s.id) === 'valid');
      if (connected.length > 0) {
        const budget = this.deps.verifyBudgetMs ?? 2_000;
        // A ping past the budget goes on and still marks what it finds; this answer keeps the stored state.
        const outcomes = await Promise.all(connected.map((s) => withBudget(pool.verify(userId, s), budget, clock)));
        if (outcomes.includes('invalid')) credentials = store.credentialStates(userId, projectId);
      }
    }
    return computeAuthStatus({ servers, credentials, authLink: this.deps.links.activeUrl(projectId) });
  }

  /** Servers this user can use right now: connected user-level, project-level with a shared credential, and no-auth (B11). */
  usableServers(userId: string, projectId: string): ServerRecord[] {
    const { store } = this.deps;
    const states = store.credentialStates(userId, projectId);
    const shared = store.credentialStates(PROJECT_OWNER, projectId);
    return store
      .listServers(projectId)
      .filter((s) =>
        s.authLevel === 'none'
          ? true
          : s.authLevel === 'project'
            ? shared.get(s.id) === 'valid'
            : states.get(s.id) === 'valid',
      );
  }
}

/** `work`'s value, or undefined when it takes longer than `ms`. */
async function withBudget<T>(work: Promise<T>, ms: number, clock: Clock = systemClock): Promise<T | undefined> {
  let timer: Timer | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = clock.after(ms, () => resolve(undefined));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    timer?.cancel();
  }
}
