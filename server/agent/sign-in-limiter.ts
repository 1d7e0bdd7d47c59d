/**
 * Failed sign-ins, counted per client address and per (address, user) in a sliding window, in
 * bounded LRU maps: memory stays capped however many junk names an attacker tries, and a flood
 * evicts the least recently used entries instead of clearing every lock-out at once.
 */
import { LRUCache } from 'lru-cache';

export interface SignInLimits {
  /** Failures allowed for one user from one address within the window. Default 5. */
  perUser: number;
  /** Failures allowed from one address (any user names) within the window. Default 30. */
  perAddress: number;
  /** Sliding window. Default 10 minutes. */
  windowMs: number;
  /** Entries kept per map; past it the least recently used go. Default 10,000. */
  maxEntries: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perUser: 5,
  perAddress: 30,
  windowMs: 10 * 60_000,
  maxEntries: 10_000,
};

export class SignInLimiter {
  private readonly byUser: LRUCache<string, number[]>;
  private readonly byAddress: LRUCache<string, number[]>;

  constructor(
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    // ttl drops a key whose last failure left the window; `max` bounds the memory.
    const options = { max: limits.maxEntries, ttl: limits.windowMs, ttlAutopurge: false };
    this.byUser = new LRUCache<string, number[]>(options);
    this.byAddress = new LRUCache<string, number[]>(options);
  }

  private recent(map: LRUCache<string, number[]>, key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    return (map.get(key) ?? []).filter((t) => t > since);
  }

  /** The reason a sign-in from this address for this user is refused now, or undefined when allowed. */
  refusal(address: string, user: string): string | undefined {
    if (this.recent(this.byAddress, address).length >= this.limits.perAddress)
      return 'Too many failed sign-ins from this address. Wait a few minutes and try again.';
    if (this.recent(this.byUser, `${address}|${user}`).length >= this.limits.perUser)
      return 'Too many failed sign-ins. Wait a few minutes and try again.';
    return undefined;
  }

  fail(address: string, user: string): void {
    const at = this.now();
    this.byAddress.set(address, [...this.recent(this.byAddress, address), at]);
    const key = `${address}|${user}`;
    this.byUser.set(key, [...this.recent(this.byUser, key), at]);
  }

  /** A successful sign-in clears that user's failures from that address (not the address's total). */
  succeed(address: string, user: string): void {
    this.byUser.delete(`${address}|${user}`);
  }

  /** Entries held (both maps), for tests of the bound. */
  get size(): number {
    return this.byUser.size + this.byAddress.size;
  }
}
