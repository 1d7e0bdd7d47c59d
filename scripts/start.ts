/**
 * `npm start`: the whole demo in one process — mock Slack, mock Linear, the navigator and the agent
 * server (serving the built web app) — on the contract's ports, with the offline `demo` model by
 * default. Prints each URL and the keys; Ctrl-C closes every server, so no process or port is left.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { linearMock } from '../mock-servers/linear/index.js';
import type { MockService } from '../mock-servers/shared/mock-service.js';
import type { MockStore } from '../mock-servers/shared/types.js';
import { slackMock } from '../mock-servers/slack/index.js';
import { startAgentServer } from '../server/agent/app.js';
import { agentConfigFromEnv } from '../server/agent/config.js';
import { startNavigator } from '../server/navigator/app.js';
import { loadSeedFile, sessionCapsFromEnv } from '../server/navigator/config.js';
import { parseHostList } from '../server/navigator/oauth/outbound.js';
import type { RunningServer } from '../server/shared/http.js';
import { loadDemoSecrets } from './demo-secrets.js';

const env = process.env;
const started = performance.now();
const dataDir = resolve(env.DATA_DIR ?? '.data');
const host = env.HOST ?? '127.0.0.1';
const port = (name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${name} must be a port number (0-65535), got '${raw}'`);
  return n;
};

/** Links and OAuth redirects say `localhost`, the name the browser uses for the chat page too. */
const localUrl = (p: number): string | undefined => (p === 0 ? undefined : `http://localhost:${p}`);

/** `NAVIGATOR_OUTBOUND_HOSTS` plus the demo's own servers when set; undefined (any host) when not. */
function outboundHosts(raw: string | undefined, own: string[]): string[] | undefined {
  const list = parseHostList(raw);
  return list.length === 0 ? undefined : [...list, ...own.map((u) => new URL(u).host.toLowerCase())];
}

const running: RunningServer[] = [];
let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    // Reverse order: the agent first, so no chat is mid-call into a closed navigator.
    await Promise.allSettled(running.reverse().map((s) => s.close()));
  }
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

try {
  // The data directory holds keys, credentials and transcripts: owner only (0700), tightened if it exists.
  // Never chmod a directory this project did not make (DATA_DIR=/tmp): only a new one or one holding our secrets.
  const created = mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (created !== undefined || existsSync(resolve(dataDir, 'demo-secrets.json'))) chmodSync(dataDir, 0o700);
  const secrets = loadDemoSecrets(resolve(dataDir, 'demo-secrets.json'));
  const quiet = env.LOG_LEVEL === 'quiet';
  const logger = (tag: string) => (line: string) => {
    if (!quiet) console.log(`[${tag}] ${line}`);
  };

  /** Starts a mock on its port (links say localhost); returns the URL the navigator and the agent use. */
  const startMock = async <S extends MockStore>(mock: MockService<S>, portVariable: string, fallback: number) => {
    const p = port(portVariable, fallback);
    const log = logger(mock.definition.service);
    const server = await mock.start({ port: p, host, publicUrl: localUrl(p), admin: true, log });
    running.push(server);
    return localUrl(server.port) ?? server.url;
  };
  const slackUrl = await startMock(slackMock, 'SLACK_PORT', 3201);
  const linearUrl = await startMock(linearMock, 'LINEAR_PORT', 3202);

  const seed = loadSeedFile(env.NAVIGATOR_SEED ?? 'config/demo-project.yaml', {
    ...env,
    SLACK_MCP_URL: env.SLACK_MCP_URL ?? `${slackUrl}/mcp`,
    LINEAR_MCP_URL: env.LINEAR_MCP_URL ?? `${linearUrl}/mcp`,
    NAVIGATOR_API_KEY: secrets.instanceApiKey,
  });
  const navigatorPort = port('NAVIGATOR_PORT', 3100);
  const navigator = await startNavigator({
    port: navigatorPort,
    host,
    publicUrl: env.NAVIGATOR_PUBLIC_URL ?? localUrl(navigatorPort),
    dbPath: env.NAVIGATOR_DB ?? resolve(dataDir, 'navigator.db'),
    encryptionKey: secrets.encryptionKey,
    adminKey: secrets.adminKey,
    seed,
    // With an allow-list set, the demo's own mock servers stay reachable.
    outboundHosts: outboundHosts(env.NAVIGATOR_OUTBOUND_HOSTS, [slackUrl, linearUrl]),
    ...sessionCapsFromEnv(env),
    log: logger('navigator'),
  });
  running.push(navigator);

  const agentEnv = {
    ...env,
    NAVIGATOR_URL: env.NAVIGATOR_URL ?? navigator.publicUrl,
    NAVIGATOR_API_KEY: secrets.instanceApiKey,
    NAVIGATOR_ADMIN_KEY: secrets.adminKey,
    SESSION_SECRET: secrets.sessionSecret,
    TRANSCRIPTS_DIR: env.TRANSCRIPTS_DIR ?? resolve(dataDir, 'transcripts'),
    WEB_DIST_DIR: env.WEB_DIST_DIR ?? 'dist/web',
  };
  const agentConfig = agentConfigFromEnv(agentEnv);
  const agent = await startAgentServer({ ...agentConfig, host, log: logger('agent') });
  running.push(agent);

  const appUrl = localUrl(agent.port) ?? agent.url;
  const webBuilt = existsSync(resolve(agentEnv.WEB_DIST_DIR, 'index.html'));
  console.log(`
navigator-chat is running (ready in ${Math.round(performance.now() - started)} ms)

  Chat app     ${appUrl}${webBuilt ? '' : '   (web app not built: run `npm run build`)'}
  Settings     ${appUrl}/settings
  Navigator    ${navigator.publicUrl}   MCP: ${navigator.publicUrl}/mcp/demo
  Mock Slack   ${slackUrl}   MCP: ${slackUrl}/mcp
  Mock Linear  ${linearUrl}   MCP: ${linearUrl}/mcp

  Model        ${agentConfig.defaultModel}${agentConfig.defaultModel === 'demo' ? ' (offline demo model)' : ''}
  Users        alice, bob, carol (password = user id); admin (password admin) manages Settings
  Instance API key (MCP: Bearer + X-Navigator-User)  ${secrets.instanceApiKey}
  Settings API admin key                             ${secrets.adminKey}

Press Ctrl-C to stop.`);
} catch (err) {
  console.error(`navigator-chat could not start: ${err instanceof Error ? err.message : String(err)}`);
  await stop(1);
}
