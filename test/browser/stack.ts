/**
 * Browser tests' stack: the kit's stack with every part up to the web app (mocks, navigator, the agent
 * serving the built app with the offline demo model), and `browserSuite`, one file's browser lifecycle.
 */
import { afterAll, beforeAll } from 'vitest';
import { startStack, type Stack, type StackOptions } from '../../kit/stack.js';
import type { BrowserUser } from './browser.js';

export type BrowserStack = Stack;
export type BrowserStackOptions = StackOptions;

export function startBrowserStack(opts: BrowserStackOptions = {}): Promise<BrowserStack> {
  return startStack({ parts: 'web', ...opts });
}

/** A test file's stack (set once its `beforeAll` ran) and the browsers its tests opened. */
export interface BrowserSuite {
  readonly stack: BrowserStack;
  /** Closes `browser` with the suite, after the file's tests; returns it. */
  track<B extends BrowserUser>(browser: B): B;
}

/** Starts one browser stack for the calling test file and closes it, and every tracked browser, after its tests. */
export function browserSuite(opts: BrowserStackOptions = {}): BrowserSuite {
  let stack: BrowserStack | undefined;
  const browsers: BrowserUser[] = [];
  beforeAll(async () => {
    stack = await startBrowserStack(opts);
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled(browsers.map((b) => b.close()));
    await stack?.close();
  });
  return {
    get stack() {
      if (!stack) throw new Error('the browser stack is not started yet: use it inside a test or hook');
      return stack;
    },
    track(browser) {
      browsers.push(browser);
      return browser;
    },
  };
}
