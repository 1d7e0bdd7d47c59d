/**
 * The whole product for browser tests: mock Slack and Linear, the navigator (via the shared
 * navigator test support) and the agent server serving the built web app, all on free ports,
 * with the offline demo model.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { startAgentServer, type RunningAgentServer } from '../../server/agent/app.js';
import type { AgentConfig } from '../../server/agent/config.js';
import { startTestStack, type TestStack, type TestStackOptions } from '../integration/navigator/support.js';
import { ensureWebBuild, WEB_DIST, type BrowserUser } from './browser.js';

const LinearState = z.looseObject({ createdIssues: z.array(z.record(z.string(), z.unknown())) });

export interface BrowserStack extends TestStack {
  agent: RunningAgentServer;
  /** The chat app's base URL (agent server). */
  appUrl: string;
  /** Linear's recorded state (`/admin/state`): created and updated issues. */
  linearState(): Promise<{ createdIssues: Array<Record<string, unknown>> }>;
}

/** The navigator test stack's options, plus extra agent server settings (e.g. more models in the picker). */
export interface BrowserStackOptions extends TestStackOptions {
  agent?: Partial<Pick<AgentConfig, 'models' | 'openai' | 'resolveModel' | 'demoChunkDelayMs' | 'clock'>>;
}

export async function startBrowserStack(opts: BrowserStackOptions = {}): Promise<BrowserStack> {
  ensureWebBuild();
  const { agent: agentOpts, ...stackOpts } = opts;
  const stack = await startTestStack({ navigator: { log: () => {} }, ...stackOpts });
  const transcriptsDir = mkdtempSync(join(tmpdir(), 'navchat-transcripts-'));
  const agent = await startAgentServer({
    navigatorUrl: stack.navigator.url,
    navigatorApiKey: stack.apiKey,
    navigatorAdminKey: stack.adminKey,
    sessionSecret: randomBytes(16).toString('hex'),
    webDistDir: WEB_DIST,
    transcriptsDir,
    defaultModel: 'demo',
    log: () => {},
    ...agentOpts,
  });
  return {
    ...stack,
    agent,
    appUrl: agent.url,
    linearState: async () => {
      const res = await fetch(`${stack.linear.url}/admin/state`);
      if (!res.ok) throw new Error(`linear /admin/state answered HTTP ${res.status}`);
      return LinearState.parse(await res.json());
    },
    close: async () => {
      await agent.close();
      await stack.close();
      rmSync(transcriptsDir, { recursive: true, force: true });
    },
  };
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
