/**
 * The one source of time for the parts that need it (idle sweeps, token and link lifetimes, rate
 * windows). Product code takes an optional `clock` in its config and defaults to `systemClock`;
 * tests pass a `manualClock()` and make time pass with `advance(ms)` instead of sleeping.
 */

/** A scheduled callback; `cancel()` is safe to call more than once, and after it has run. */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  /** Runs `fn` once after `ms`. The timer never keeps the process alive (like `unref()`). */
  after(ms: number, fn: () => void): Timer;
  /** Runs `fn` every `ms`. The timer never keeps the process alive (like `unref()`). */
  every(ms: number, fn: () => void): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref();
    return { cancel: () => clearInterval(t) };
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, running every timer that falls due, in time order, synchronously. */
  advance(ms: number): void;
  /** Timers scheduled and not yet run or cancelled. */
  pending(): number;
  /**
   * Resolves once at least `count` timers are pending: lets a test wait for the product to start
   * waiting (e.g. a request held by injected latency) before it advances time.
   */
  whenPending(count: number): Promise<void>;
}

interface Scheduled {
  at: number;
  seq: number;
  fn: () => void;
  /** Repeat period for `every` timers. */
  period?: number;
}

/** A clock that stands still until `advance` is called; starts at `start` (default: the real now). */
export function manualClock(start: number = Date.now()): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Set<Scheduled>();
  const waiters = new Set<{ count: number; resolve: () => void }>();
  const schedule = (ms: number, fn: () => void, period?: number): Timer => {
    const s: Scheduled = { at: now + Math.max(0, ms), seq: seq++, fn, period };
    timers.add(s);
    for (const w of waiters) {
      if (timers.size < w.count) continue;
      waiters.delete(w);
      w.resolve();
    }
    return { cancel: () => void timers.delete(s) };
  };
  const nextDue = (until: number): Scheduled | undefined => {
    let next: Scheduled | undefined;
    for (const s of timers) {
      if (s.at > until) continue;
      if (!next || s.at < next.at || (s.at === next.at && s.seq < next.seq)) next = s;
    }
    return next;
  };
  return {
    now: () => now,
    after: (ms, fn) => schedule(ms, fn),
    every: (ms, fn) => schedule(ms, fn, Math.max(1, ms)),
    pending: () => timers.size,
    whenPending: (count) =>
      timers.size >= count ? Promise.resolve() : new Promise((resolve) => void waiters.add({ count, resolve })),
    advance(ms) {
      const until = now + Math.max(0, ms);
      for (let s = nextDue(until); s; s = nextDue(until)) {
        now = s.at;
        if (s.period === undefined) timers.delete(s);
        else {
          s.at += s.period;
          s.seq = seq++;
        }
        s.fn();
      }
      now = until;
    },
  };
}
