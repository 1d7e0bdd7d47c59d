/**
 * Stress tier of the fuzzing in test/integration/security/fuzz.test.ts: 10,000 cases over the same
 * endpoints and invariants (run with `npm run test:stress`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../integration/navigator/support.js';
import { fuzzAuthPages, fuzzMcp, fuzzMockOAuth, fuzzSettings } from '../integration/security/fuzz-targets.js';

let stack: TestStack;
let settingsStack: TestStack;
const logs: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({ navigator: { log: (l) => void logs.push(l) } });
  await stack.connect('alice', ['slack', 'linear']);
  settingsStack = await startTestStack({ navigator: { log: (l) => void logs.push(l) } });
});
afterAll(async () => {
  await stack?.close();
  await settingsStack?.close();
});

describe('fuzzing (10,000 cases)', () => {
  it('navigator MCP endpoint: 3,500 cases', async () => {
    await fuzzMcp(stack, 3_500);
  });

  it('navigator settings API: 2,000 cases', async () => {
    await fuzzSettings(settingsStack, 2_000);
  });

  it('navigator auth pages and OAuth callback: 2,000 cases', async () => {
    await fuzzAuthPages(stack, 2_000);
  });

  it('mock servers OAuth endpoints: 2,500 cases', async () => {
    await fuzzMockOAuth(stack, 2_500);
  });

  it('every server is healthy afterwards and no internal error was logged', async () => {
    for (const base of [stack.navigator.url, settingsStack.navigator.url, stack.slack.url, stack.linear.url]) {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    }
    expect(logs.filter((l) => /internal error|endpoint error/.test(l))).toEqual([]);
  });
});
