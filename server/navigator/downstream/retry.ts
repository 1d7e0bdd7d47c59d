/**
 * The one retry path of a downstream call. The first attempt may retry once on a fresh client: after
 * a 404 (the downstream lost the session) or, for a credential, after a 401 and a refresh. The retry
 * is final: its 401 means the credential is gone.
 */
import type { ServerRecord } from '../store/store.js';
import type { ClientCache } from './client-cache.js';
import type { Entry } from './client-session.js';
import type { DownstreamCredentials } from './credentials.js';
import { classify, DownstreamFailure, isStatus, isTimeout } from './failure.js';
import { RequestCancelled } from './rpc.js';

export interface RetryDeps {
  clients: ClientCache;
  credentials: DownstreamCredentials;
  timeoutMs: number;
}

/** Runs `op` on the (owner, server) client, with at most one retry (above). */
export function withClient<T>(
  deps: RetryDeps,
  owner: string | undefined,
  server: ServerRecord,
  op: (e: Entry) => Promise<T>,
): Promise<T> {
  return attempt(deps, owner, server, op, true);
}

async function attempt<T>(
  deps: RetryDeps,
  owner: string | undefined,
  server: ServerRecord,
  op: (e: Entry) => Promise<T>,
  mayRetry: boolean,
): Promise<T> {
  let entry: Entry | undefined;
  try {
    entry = await deps.clients.entry(owner, server);
    return await op(entry);
  } catch (err) {
    // A cancelled call says nothing about the session: keep it, and tell the caller as it is.
    if (err instanceof RequestCancelled) throw err;
    if (!isTimeout(err)) deps.clients.dropIfSame(owner, server.id, entry);
    if (!mayRetry) {
      if (isStatus(err, 401)) throw new DownstreamFailure('auth_failed', 'the server refused the credential');
      throw classify(err, deps.timeoutMs);
    }
    if (isStatus(err, 404) && entry) return attempt(deps, owner, server, op, false);
    if (!isStatus(err, 401) || owner === undefined) throw classify(err, deps.timeoutMs);
    const refreshed = await deps.credentials.refresh(owner, server, entry?.accessToken);
    if (!refreshed) throw deps.credentials.invalidate(owner, server);
    try {
      return await attempt(deps, owner, server, op, false);
    } catch (again) {
      if (again instanceof DownstreamFailure && again.reason === 'auth_failed')
        throw deps.credentials.invalidate(owner, server);
      throw again;
    }
  }
}
