/**
 * Rate limits are the provider's, not the agent's: a fetch wrapper for model providers that retries
 * HTTP 429 with exponential backoff (honouring `Retry-After`), counts the retries, and remembers when
 * it gave up, so the run is reported as rate-limited instead of as a failure of the agent.
 */

export interface RetryPolicy {
  /** Retries after the first 429 (default 6). */
  retries: number;
  /** First wait; doubled each time (default 1000 ms), capped at `maxMs`. */
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 6, baseMs: 1000, maxMs: 60_000 };

export class RateLimitTracker {
  retries = 0;
  /** A request still got 429 after every retry. */
  exhausted = false;
}

/** Seconds or an HTTP date, as `Retry-After` allows; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Wraps `base` (read at call time, so a test's own fetch can stand in) with 429 retries. */
export function retryingFetch(
  tracker: RateLimitTracker,
  policy: RetryPolicy = DEFAULT_RETRY,
  base: () => typeof fetch = () => globalThis.fetch,
): typeof fetch {
  return async (input, init) => {
    // A Request body can be read once: keep a copy for the retries.
    const request = input instanceof Request ? input : undefined;
    for (let attempt = 0; ; attempt++) {
      const res = await base()(request ? request.clone() : input, init);
      if (res.status !== 429) return res;
      if (attempt >= policy.retries) {
        tracker.exhausted = true;
        return res;
      }
      // Read, not cancel: a cancelled body can hold the socket where a fetch interceptor tees it; a 429 body is small.
      await res.text().catch(() => '');
      tracker.retries++;
      const wait = Math.min(policy.maxMs, retryAfterMs(res.headers.get('retry-after')) ?? policy.baseMs * 2 ** attempt);
      await new Promise((r) => setTimeout(r, wait));
    }
  };
}
