/**
 * Test support for the agent server: starts the real stack (mock Slack + Linear with admin on, the
 * navigator seeded with the demo project, the agent) on free ports, and the user's out-of-band step
 * through the kit's AuthBrowser (guided flow, real OAuth consent on each mock). The chat client is
 * the kit's (kit/chat-client.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AuthBrowser, pageMessage } from '../../../kit/auth-browser.js';
import { startAgentServer, type AgentConfig, type RunningAgentServer } from '../../../server/agent/app.js';
import { parseEncryptionKey } from '../../../server/navigator/crypto.js';
import { NavigatorStore } from '../../../server/navigator/store/store.js';
import { startServices, type Services, type ServicesSpec } from './services.js';

export interface Stack {
  slackUrl: string;
  linearUrl: string;
  navigatorUrl: string;
  agent: RunningAgentServer;
  spec: ServicesSpec;
  /** Starts the navigator again on its port with the same database (in-process services only). */
  restartNavigator(): Promise<void>;
  /** Stops the navigator until restartNavigator (in-process services only). */
  stopNavigator(): Promise<void>;
  close(): Promise<void>;
}

async function startServicesProcess(spec: ServicesSpec): Promise<Services> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./services-main.ts', import.meta.url).pathname], {
    env: { ...process.env, AGENT_IT_SERVICES: JSON.stringify(spec) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const urls = await new Promise<{ slackUrl: string; linearUrl: string; navigatorUrl: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`services process exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('READY '))
        resolve(JSON.parse(line.slice(6)) as { slackUrl: string; linearUrl: string; navigatorUrl: string });
    });
  });
  return {
    ...urls,
    restartNavigator: () => Promise.reject(new Error('restart is only supported in-process')),
    stopNavigator: () => Promise.reject(new Error('stop is only supported in-process')),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Starts mocks + navigator (in this process, or in a child process when msw runs here) and the agent.
 */
export async function startStack(
  agent: Partial<AgentConfig> = {},
  opts: { inChatAuth?: boolean; childProcess?: boolean } = {},
): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-it-'));
  const spec: ServicesSpec = {
    dbPath: join(dir, 'navigator.db'),
    encryptionKey: randomBytes(32).toString('hex'),
    adminKey: `adm_${randomBytes(12).toString('hex')}`,
    apiKey: `nav_${randomBytes(12).toString('hex')}`,
    inChatAuth: opts.inChatAuth ?? true,
  };
  const services = opts.childProcess ? await startServicesProcess(spec) : await startServices(spec);
  const agentServer = await startAgentServer({
    navigatorUrl: services.navigatorUrl,
    navigatorApiKey: spec.apiKey,
    navigatorAdminKey: spec.adminKey,
    sessionSecret: 'test-session-secret-0123456789',
    transcriptsDir: join(dir, 'transcripts'),
    demoChunkDelayMs: 0,
    modelMaxRetries: 0,
    log: () => {},
    ...agent,
  });
  return {
    slackUrl: services.slackUrl,
    linearUrl: services.linearUrl,
    navigatorUrl: services.navigatorUrl,
    agent: agentServer,
    spec,
    restartNavigator: () => services.restartNavigator(),
    stopNavigator: () => services.stopNavigator(),
    async close() {
      await agentServer.close();
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The user's out-of-band step (the harness's browser): open the link, sign in, connect each server through its own OAuth consent. */
export async function authenticateViaLink(link: string, user: string, servers: string[]): Promise<void> {
  const browser = new AuthBrowser(new URL(link).origin);
  await browser.signIn(link, user, user);
  for (const server of servers) {
    const landing = await browser.connect(server, user, 'allow');
    if (landing.status !== 200 || /declined|failed/i.test(pageMessage(landing.text)))
      throw new Error(`connecting ${server} ended on HTTP ${landing.status}: ${pageMessage(landing.text)}`);
  }
}

/** The downstream tokens the navigator holds for a user (to prove they never leave it). */
export function downstreamTokens(stack: Stack, user: string): string[] {
  const store = new NavigatorStore(stack.spec.dbPath, parseEncryptionKey(stack.spec.encryptionKey));
  try {
    const out: string[] = [];
    for (const name of ['slack', 'linear']) {
      const server = store.getServer('demo', name);
      const cred = server ? store.getCredential(user, server.id) : undefined;
      if (cred) out.push(cred.accessToken, ...(cred.refreshToken ? [cred.refreshToken] : []));
    }
    return out;
  } finally {
    store.close();
  }
}

/** Mock Linear's admin state. */
export async function linearState(
  stack: Stack,
): Promise<{ createdIssues: Array<{ id: string; title: string; team: string; creator: string }> }> {
  return (await (await fetch(`${stack.linearUrl}/admin/state`)).json()) as {
    createdIssues: Array<{ id: string; title: string; team: string; creator: string }>;
  };
}

/** The first navigator auth link in a text or tool output. */
export function findAuthLink(value: unknown): string | undefined {
  return /https?:\/\/[^\s"'<>]+\/auth\?auth_link_id=[A-Za-z0-9_-]+/.exec(
    typeof value === 'string' ? value : JSON.stringify(value),
  )?.[0];
}
