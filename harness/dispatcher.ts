/**
 * Node 20's fetch (undici 6) keeps one connection pool per origin in its global agent and never
 * removes it ("a tiny memory leak, as dispatchers are never removed from the map", undici 6
 * lib/dispatcher/agent.js). Every scenario stack listens on new ports, so a long run piles up about
 * four pools per run (~100 KB each run, 100 MB over 1,000 runs). The runner therefore hands fetch a
 * fresh agent of the same class every few runs, through the global-dispatcher key undici documents
 * for `setGlobalDispatcher`, and closes the old one once its in-flight requests are done.
 */

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

interface Dispatcher {
  close(): Promise<void>;
}

/** Swaps in a fresh global fetch agent; the old one closes gracefully. No-op before fetch created one. */
export function recycleFetchAgent(): void {
  const slot = globalThis as unknown as Record<symbol, unknown>;
  const current = slot[GLOBAL_DISPATCHER];
  if (!current || typeof (current as Partial<Dispatcher>).close !== 'function') return;
  const Agent = current.constructor as new () => Dispatcher;
  slot[GLOBAL_DISPATCHER] = new Agent();
  (current as Dispatcher).close().catch(() => undefined);
}
