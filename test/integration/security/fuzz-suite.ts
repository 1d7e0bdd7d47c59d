/**
 * The fuzzing suite, defined once and run at two scales: 1,000 cases in `npm test`
 * (test/integration/security/fuzz.test.ts) and 10,000 in `npm run test:stress` (test/stress/fuzz.test.ts).
 * Invariants: zero 5xx, zero stack traces, JSON / JSON-RPC errors where the endpoint speaks JSON, no
 * redirect to an unregistered URI, and every server still healthy afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../../kit/stack.js';
import { fuzzAuthPages, fuzzMcp, fuzzMockOAuth, fuzzSettings } from './fuzz-targets.js';

/** Share of the cases each target gets. */
const SHARE = { mcp: 0.35, settings: 0.2, authPages: 0.2, mockOAuth: 0.25 } as const;

export function defineFuzzSuite(totalCases: number, timeoutMs: number): void {
  let stack: Stack;
  let settingsStack: Stack;
  const logs: string[] = [];
  const n = (share: number) => Math.round(totalCases * share);
  const label = (count: number) => count.toLocaleString('en-US');

  beforeAll(async () => {
    stack = await startStack({ navigator: { log: (l) => void logs.push(l) } });
    await stack.connect('alice', ['slack', 'linear']);
    settingsStack = await startStack({ navigator: { log: (l) => void logs.push(l) } });
  });
  afterAll(async () => {
    await stack?.close();
    await settingsStack?.close();
  });

  describe(`fuzzing (${label(totalCases)} cases)`, () => {
    it(
      `navigator MCP endpoint: ${label(n(SHARE.mcp))} cases`,
      async () => {
        await fuzzMcp(stack, n(SHARE.mcp));
      },
      timeoutMs,
    );

    it(
      `navigator settings API: ${label(n(SHARE.settings))} cases`,
      async () => {
        await fuzzSettings(settingsStack, n(SHARE.settings));
      },
      timeoutMs,
    );

    it(
      `navigator auth pages and OAuth callback: ${label(n(SHARE.authPages))} cases`,
      async () => {
        await fuzzAuthPages(stack, n(SHARE.authPages));
      },
      timeoutMs,
    );

    it(
      `mock servers OAuth endpoints: ${label(n(SHARE.mockOAuth))} cases`,
      async () => {
        await fuzzMockOAuth(stack, n(SHARE.mockOAuth));
      },
      timeoutMs,
    );

    it('every server is healthy afterwards and no internal error was logged', async () => {
      for (const base of [stack.navigator.url, settingsStack.navigator.url, stack.slack.url, stack.linear.url]) {
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
      }
      expect(logs.filter((l) => /internal error|endpoint error/.test(l))).toEqual([]);
    });
  });
}
