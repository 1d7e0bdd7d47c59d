/**
 * Property-based fuzzing (fast-check), 1,000 cases in `npm test` (the stress tier runs 10,000):
 * the navigator's MCP endpoint, settings API, auth pages and OAuth callback, and the mock servers'
 * OAuth endpoints. Zero 5xx, zero stack traces, JSON / JSON-RPC errors where the endpoint speaks
 * JSON, no redirect to an unregistered URI, and every server still healthy afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../navigator/support.js';
import { fuzzAuthPages, fuzzMcp, fuzzMockOAuth, fuzzSettings } from './fuzz-targets.js';

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

describe('fuzzing (1,000 cases)', () => {
  it('navigator MCP endpoint: 350 cases', async () => {
    await fuzzMcp(stack, 350);
  }, 120_000);

  it('navigator settings API: 200 cases', async () => {
    await fuzzSettings(settingsStack, 200);
  }, 120_000);

  it('navigator auth pages and OAuth callback: 200 cases', async () => {
    await fuzzAuthPages(stack, 200);
  }, 120_000);

  it('mock servers OAuth endpoints: 250 cases', async () => {
    await fuzzMockOAuth(stack, 250);
  }, 120_000);

  it('every server is healthy afterwards and no internal error was logged', async () => {
    for (const base of [stack.navigator.url, settingsStack.navigator.url, stack.slack.url, stack.linear.url]) {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    }
    expect(logs.filter((l) => /internal error|endpoint error/.test(l))).toEqual([]);
  });
});
