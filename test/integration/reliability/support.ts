/**
 * A chat stack for reliability and security tests: the navigator test stack (mocks + navigator, from
 * ../navigator/support.ts) plus the real agent server in front of it, with every component's `log`
 * lines captured, and a navigator restart on the same port, database file and keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgentServer, type AgentConfig, type RunningAgentServer } from '../../../server/agent/app.js';
import { Conversation, signIn } from '../../../kit/chat-client.js';
import { startTestStack, type TestStack, type TestStackOptions } from '../navigator/support.js';

export interface ChatStack {
  /** The current navigator stack (replaced by restartNavigator). */
  nav: TestStack;
  agent: RunningAgentServer;
  dir: string;
  /** Every log line of the navigator and the agent, in order. */
  logs: string[];
  /** A signed-in conversation for `user` on the agent. */
  conversation(user: string, model?: string): Promise<Conversation>;
  /** Stops the navigator and starts it again on the same port with the same database file and keys. */
  restartNavigator(): Promise<void>;
  close(): Promise<void>;
}

export interface ChatStackOptions extends TestStackOptions {
  agent?: Partial<AgentConfig>;
}

export async function startChatStack(opts: ChatStackOptions = {}): Promise<ChatStack> {
  const dir = mkdtempSync(join(tmpdir(), 'reliability-'));
  const logs: string[] = [];
  const navLog = (line: string) => void logs.push(`[navigator] ${line}`);
  const navOpts: TestStackOptions = {
    dbPath: join(dir, 'navigator.db'),
    ...opts,
    navigator: { log: navLog, ...opts.navigator },
  };
  let nav = await startTestStack(navOpts);
  const agent = await startAgentServer({
    navigatorUrl: nav.navigator.url,
    navigatorApiKey: nav.apiKey,
    navigatorAdminKey: nav.adminKey,
    sessionSecret: 'reliability-session-secret-0123456789',
    transcriptsDir: join(dir, 'transcripts'),
    demoChunkDelayMs: 0,
    modelMaxRetries: 0,
    log: (line) => void logs.push(`[agent] ${line}`),
    ...opts.agent,
  });
  const stack: ChatStack = {
    nav,
    agent,
    dir,
    logs,
    conversation: async (user, model) => new Conversation(agent.url, await signIn(agent.url, user), undefined, model),
    restartNavigator: async () => {
      const port = nav.navigator.port;
      await nav.navigator.close();
      nav = await startTestStack({
        ...navOpts,
        encryptionKey: nav.encryptionKey,
        adminKey: nav.adminKey,
        apiKey: nav.apiKey,
        mocks: { slack: nav.slack, linear: nav.linear },
        navigator: { ...navOpts.navigator, port },
      });
      stack.nav = nav;
    },
    close: async () => {
      await agent.close();
      await nav.navigator.close();
      await Promise.all([nav.slack.close(), nav.linear.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Every downstream access and refresh token the navigator holds right now (all users, shared too). */
export function heldTokens(nav: TestStack, users: readonly string[] = ['alice', 'bob', 'carol', '@project']): string[] {
  const out: string[] = [];
  for (const server of nav.navigator.testing.servers('demo')) {
    for (const user of users) {
      const c = nav.navigator.testing.credential(user, server.id);
      if (c) out.push(c.accessToken, ...(c.refreshToken ? [c.refreshToken] : []));
    }
  }
  return out;
}

/** Admin knob on a mock (`PUT /admin/faults`, `POST /admin/tokens/expire`, ...); throws unless 200. */
export async function mockAdmin(base: string, path: string, body: unknown = {}, method = 'POST'): Promise<unknown> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : JSON.stringify(body),
  });
  if (r.status !== 200) throw new Error(`${method} ${path} answered HTTP ${r.status}: ${await r.text()}`);
  return r.json();
}

/** Text of an MCP tool result. */
export const resultText = (r: unknown): string =>
  (((r as { content?: unknown }).content as { text?: string }[] | undefined) ?? []).map((x) => x.text ?? '').join('\n');
