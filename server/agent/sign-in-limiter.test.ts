import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './sign-in-limiter.js';

describe('SignInLimiter', () => {
  it('locks a user out per address after the limit, and only within the window', () => {
    let now = 1_000_000;
    const l = new SignInLimiter({ perUser: 3, perAddress: 100, windowMs: 60_000, maxEntries: 100 }, () => now);
    for (let i = 0; i < 3; i++) l.fail('1.1.1.1', 'carol');
    expect(l.refusal('1.1.1.1', 'carol')).toMatch(/Too many/);
    // Another address, or another user from this address, is not locked by carol's failures.
    expect(l.refusal('2.2.2.2', 'carol')).toBeUndefined();
    expect(l.refusal('1.1.1.1', 'alice')).toBeUndefined();
    now += 61_000;
    expect(l.refusal('1.1.1.1', 'carol')).toBeUndefined();
  });

  it('limits one address across user names', () => {
    const l = new SignInLimiter({ perUser: 5, perAddress: 10, windowMs: 60_000, maxEntries: 100 });
    for (let i = 0; i < 10; i++) l.fail('1.1.1.1', `junk-${i}`);
    expect(l.refusal('1.1.1.1', 'alice')).toMatch(/this address/);
    expect(l.refusal('2.2.2.2', 'alice')).toBeUndefined();
  });

  it('stays within its bound and evicts the least recently used entries, not everything at once', () => {
    const l = new SignInLimiter({ perUser: 2, perAddress: 1_000_000, windowMs: 60_000, maxEntries: 50 });
    l.fail('a', 'carol');
    l.fail('a', 'carol');
    for (let i = 0; i < 10_100; i++) {
      l.fail(`addr-${i}`, 'junk');
      // carol's lock is checked on each of her tries, which keeps it recently used.
      if (i % 20 === 0) expect(l.refusal('a', 'carol')).toMatch(/Too many/);
    }
    expect(l.size).toBeLessThanOrEqual(100);
    expect(l.refusal('a', 'carol')).toMatch(/Too many/);
  });
});
