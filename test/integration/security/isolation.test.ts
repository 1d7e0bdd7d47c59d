/**
 * Isolation, fast variant: 20 concurrent MCP sessions for 10 users doing auth flows and mixed tool
 * calls tagged with per-user markers; zero cross-user results, zero errors. The stress tier runs
 * 100 sessions for 50 users (test/stress/isolation.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIsolation, startIsolationStack, type IsolationStack } from './isolation.js';

let iso: IsolationStack;
beforeAll(async () => {
  iso = await startIsolationStack(10);
});
afterAll(async () => {
  await iso?.close();
});

describe('isolation between users', () => {
  it("[B2] 20 concurrent sessions for 10 users: every answer is the user's own, no errors", async () => {
    const outcome = await runIsolation(iso);
    expect(outcome.problems).toEqual([]);
    expect(outcome.sessions).toBe(20);
    expect(outcome.calls).toBeGreaterThanOrEqual(10 * 6);
  }, 120_000);
});
