import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './web-session.js';

describe('SignInLimiter', () => {
  it('past its size it forgets the least recently used user only, never the whole map', () => {
    const limiter = new SignInLimiter({ perUser: 2, perAddress: 1_000, maxKeys: 3 });
    for (const user of ['a', 'b', 'c']) for (let i = 0; i < 2; i++) limiter.fail(user, 'ip');
    expect(['a', 'b', 'c'].map((u) => limiter.blocked(u, 'ip'))).toEqual([true, true, true]);
    limiter.fail('d', 'ip'); // evicts 'a', the least recently used
    expect(limiter.blocked('a', 'ip')).toBe(false);
    expect(limiter.blocked('b', 'ip')).toBe(true);
    expect(limiter.blocked('c', 'ip')).toBe(true);
  });

  it('limits per client address across user names, and a success clears only the user', () => {
    const limiter = new SignInLimiter({ perUser: 5, perAddress: 3 });
    for (const user of ['x', 'y', 'z']) limiter.fail(user, '10.0.0.1');
    expect(limiter.blocked('fresh', '10.0.0.1')).toBe(true);
    expect(limiter.blocked('fresh', '10.0.0.2')).toBe(false);
    limiter.reset('x');
    expect(limiter.blocked('x', '10.0.0.1')).toBe(true);
  });
});
