/**
 * A fetch that gives every POST its own AbortSignal. The MCP SDK's client transport passes one
 * long-lived signal to every fetch, and undici keeps an abort listener per request on it until GC:
 * a busy client piles up thousands of listeners, pays O(listeners) per add, and Node prints a
 * MaxListenersExceededWarning (with a stack capture and a stderr write) on every call past 1,500.
 * GET (the SSE stream, one per session) keeps the transport's signal so closing still ends it.
 */
import { setMaxListeners } from 'node:events';

export function isolateSignals(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    const parent = init?.signal;
    if (!parent || init?.method === 'GET') return base(input, init);
    // One listener per request in flight is expected here, not a leak.
    setMaxListeners(0, parent);
    const own = new AbortController();
    const onAbort = () => own.abort(parent.reason);
    if (parent.aborted) own.abort(parent.reason);
    else parent.addEventListener('abort', onAbort, { once: true });
    try {
      return await base(input, { ...init, signal: own.signal });
    } finally {
      parent.removeEventListener('abort', onAbort);
    }
  };
}

export const isolatingFetch: typeof fetch = isolateSignals((input, init) => fetch(input, init));
