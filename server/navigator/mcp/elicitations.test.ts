/** Pending elicitations: one per session and server, completed once, bounded in time and number. */
import { describe, expect, it } from 'vitest';
import { Elicitations } from './elicitations.js';

const input = (sessionId: string, serverId = 1, userId = 'alice') => ({
  sessionId,
  projectId: 'demo',
  userId,
  serverId,
  serverName: 'slack',
});

describe('Elicitations', () => {
  it('reuses the pending one of a session and server, and completes it for its user and server only', () => {
    const e = new Elicitations();
    const a = e.open(input('s1'));
    expect(e.open(input('s1')).id).toBe(a.id);
    expect(e.open(input('s2')).id).not.toBe(a.id);
    expect(e.takeSatisfied('bob', 1)).toEqual([]);
    expect(e.takeSatisfied('alice', 2)).toEqual([]);
    expect(
      e
        .takeSatisfied('alice', 1)
        .map((p) => p.sessionId)
        .sort(),
    ).toEqual(['s1', 's2']);
    // Completed: still readable (the page says done), not completed twice, and a new call opens a new one.
    expect(e.get(a.id)?.completed).toBe(true);
    expect(e.takeSatisfied('alice', 1)).toEqual([]);
    expect(e.open(input('s1')).id).not.toBe(a.id);
    e.dropSession('s1');
    expect(e.get(a.id)).toBeUndefined();
  });

  it('forgets expired ones and keeps at most `max`', () => {
    const expired = new Elicitations(-1);
    const p = expired.open(input('s1'));
    expect(expired.get(p.id)).toBeUndefined();
    const few = new Elicitations(60_000, 3);
    const ids = ['a', 'b', 'c', 'd', 'e'].map((s) => few.open(input(s)).id);
    expect(few.size).toBe(3);
    expect(few.get(ids[0]!)).toBeUndefined();
    expect(few.get(ids[4]!)).toBeDefined();
  });
});
