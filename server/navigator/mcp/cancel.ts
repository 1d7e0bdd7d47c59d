/**
 * Cancellation on the SDK lane (the lane's is in lane-answer.ts): which request ids a POST
 * cancels, and a wrapper for the SDK request handlers that ends a cancelled request's POST at once.
 * The SDK sends no answer for a request cancelled with `notifications/cancelled`; in JSON response
 * mode its POST would then wait for one forever.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CANCELLED_ERROR, throwable, wireError } from './errors.js';

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The request ids a POST body cancels (`notifications/cancelled`, alone or in a batch). */
export function cancelledIds(body: unknown): (string | number)[] {
  const ids: (string | number)[] = [];
  for (const m of Array.isArray(body) ? body : [body]) {
    if (!isObject(m) || m.method !== 'notifications/cancelled' || !isObject(m.params)) continue;
    const id = m.params.requestId;
    if (typeof id === 'string' || typeof id === 'number') ids.push(id);
  }
  return ids;
}

/**
 * Runs an SDK-lane handler: errors leave as plain JSON-RPC errors (wireError), and when the SDK
 * aborts the handler (the request was cancelled) the cancelled error is sent for it right away.
 */
export async function sdkLane<T>(
  transport: Transport,
  extra: { signal: AbortSignal; requestId: string | number },
  work: (signal: AbortSignal) => Promise<T>,
  log: (line: string) => void,
): Promise<T> {
  const onAbort = () =>
    void transport.send({ jsonrpc: '2.0', id: extra.requestId, error: CANCELLED_ERROR }).catch(() => {});
  extra.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await work(extra.signal);
  } catch (err) {
    const wire = wireError(err);
    if (wire.message === 'Internal error' && !extra.signal.aborted)
      log(`mcp handler error: ${err instanceof Error ? err.name : 'error'}`);
    throw throwable(wire);
  } finally {
    extra.signal.removeEventListener('abort', onAbort);
  }
}
