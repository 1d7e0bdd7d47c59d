import { describe, expect, it } from 'vitest';
import { SessionStore } from './session-store.js';
import { checkPassword } from './user-session.js';

describe('checkPassword', () => {
  it('runs the same comparison for unknown users as for known ones (no timing enumeration)', () => {
    const users = { alice: 'alice' };
    const calls: string[] = [];
    const compare = (a: string, b: string) => {
      calls.push(b.length > 0 ? 'compared' : 'empty');
      return a === b;
    };
    expect(checkPassword(users, 'alice', 'alice', compare)).toBe(true);
    expect(checkPassword(users, 'alice', 'wrong', compare)).toBe(false);
    expect(checkPassword(users, 'nobody', 'x', compare)).toBe(false);
    // Even a password equal to the stand-in secret never signs an unknown user in.
    expect(checkPassword(users, 'nobody', 'no such user: this never matches a password', compare)).toBe(false);
    expect(checkPassword(users, 'constructor', 'x', compare)).toBe(false);
    expect(calls).toEqual(['compared', 'compared', 'compared', 'compared', 'compared']);
  });
});

describe('SessionStore', () => {
  it('knows live sessions only: ended ones and ones pushed out past the bound are gone', () => {
    const store = new SessionStore(60_000, 3);
    const a = store.create('alice');
    expect(store.userOf(a)).toBe('alice');
    store.end(a);
    expect(store.userOf(a)).toBeUndefined();
    const ids = ['u1', 'u2', 'u3', 'u4'].map((u) => store.create(u));
    expect(store.size).toBe(3);
    expect(store.userOf(ids[0] ?? '')).toBeUndefined();
    expect(store.userOf(ids[3] ?? '')).toBe('u4');
  });
});
