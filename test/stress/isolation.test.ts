/**
 * Stress tier of the isolation test: 100 concurrent MCP sessions for 50 users, each running the
 * guided auth flow and mixed tool calls tagged with a unique marker; zero cross-user results, zero
 * errors (run with `npm run test:stress`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIsolation, startIsolationStack, type IsolationStack } from '../integration/security/isolation.js';

let iso: IsolationStack;
beforeAll(async () => {
  iso = await startIsolationStack(50);
});
afterAll(async () => {
  await iso?.close();
});

describe('isolation between users (stress)', () => {
  it("[B2] 100 concurrent sessions for 50 users: every answer is the user's own, no errors", async () => {
    const outcome = await runIsolation(iso);
    expect(outcome.problems).toEqual([]);
    expect(outcome.sessions).toBe(100);
    expect(outcome.calls).toBeGreaterThanOrEqual(50 * 6);
  });
});
