/**
 * The navigator benches that need their own navigator process: the big store (10,000 users),
 * memory with 1,000 idle sessions, and a CPU profile of the navigator under tool-call load.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureIdleSessions } from './memory.js';
import { closeClients, closedLoop, openClients } from './mcp-load.js';
import { connectSlack, startBenchNavigator } from './nav-stack.js';
import type { BenchNavigator, Mocks } from './nav-stack.js';
import { summarizeProfile } from './profile.js';
import type { ProfileSummary } from './profile.js';
import { row } from './results.js';
import type { Row } from './results.js';
import { round } from './stats.js';
import { measureListAndAuth, sampleUsers } from './store-scale.js';

const USERS = 10_000;
/** slack and linear from the seed plus 18 bench servers: 20 user-level servers. */
const EXTRA_SERVERS = 18;
const CREDENTIALS_PER_USER = 5;
const MB = 1024 * 1024;

export async function benchStoreRows(
  m: Mocks,
  small: BenchNavigator | undefined,
  progress: (l: string) => void,
  owned: BenchNavigator[],
): Promise<{ rows: Row[]; details: unknown }> {
  const g = '10k users';
  const rows: Row[] = [];
  let baseline: Awaited<ReturnType<typeof measureListAndAuth>> | undefined;
  if (small) {
    progress('store: tools/list and get_authentication_link on the demo store (3 users, 2 servers)');
    baseline = await measureListAndAuth(small, ['alice', 'bob', 'carol'], 600);
  }
  progress(
    `store: starting a navigator on a file database and adding ${USERS.toLocaleString('en-US')} users, ${EXTRA_SERVERS} servers, ${(USERS * CREDENTIALS_PER_USER).toLocaleString('en-US')} credentials`,
  );
  const dbDir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  const nav = await startBenchNavigator(m, { dbPath: join(dbDir, 'navigator.db') });
  owned.push(nav);
  const filled = await nav.child.call<{ users: number; servers: number; credentials: number; ms: number }>('populate', {
    users: USERS,
    servers: EXTRA_SERVERS,
    credentialsPerUser: CREDENTIALS_PER_USER,
    mcpUrl: `${m.slackUrl}/mcp`,
  });
  progress(
    `store: ${filled.users} users, ${filled.servers} servers, ${filled.credentials} credentials in ${filled.ms} ms; connecting alice to Slack`,
  );
  await connectSlack(nav, 'alice');
  const users = ['alice', ...sampleUsers(USERS, 15)];
  progress(`store: measuring on ${users.length} sessions (alice + 15 random users)`);
  let big: Awaited<ReturnType<typeof measureListAndAuth>>;
  try {
    big = await measureListAndAuth(nav, users, 1_000);
  } finally {
    await nav.child.stop();
    owned.splice(owned.indexOf(nav), 1);
    rmSync(dbDir, { recursive: true, force: true });
  }
  const pair = (a: number, b: number) => `${round(a, 2)} / ${round(b, 2)} ms`;
  rows.push(
    {
      ...row(g, 'tools/list p50 / p99', big.toolsList.p99, 'ms', { op: '<=', limit: 5, text: 'p99 ≤ 5 ms' }),
      value: pair(big.toolsList.p50, big.toolsList.p99),
    },
    {
      ...row(g, 'get_authentication_link p50 / p99', big.authLink.p99, 'ms', {
        op: '<=',
        limit: 5,
        text: 'p99 ≤ 5 ms',
      }),
      value: pair(big.authLink.p50, big.authLink.p99),
    },
  );
  const cpu = (x: typeof big) => `${Math.round(x.cpuUs.toolsList)} / ${Math.round(x.cpuUs.authLink)} µs`;
  rows.push({
    group: g,
    figure: 'navigator CPU per tools/list / get_authentication_link',
    value: cpu(big),
    target: '',
    met: 'n/a',
    raw: big.cpuUs.authLink,
  });
  if (baseline) {
    rows.push(
      {
        group: 'demo store',
        figure: 'tools/list / get_authentication_link p99',
        value: pair(baseline.toolsList.p99, baseline.authLink.p99),
        target: '',
        met: 'n/a',
        raw: baseline.authLink.p99,
      },
      {
        group: 'demo store',
        figure: 'navigator CPU per tools/list / get_authentication_link',
        value: cpu(baseline),
        target: '',
        met: 'n/a',
        raw: baseline.cpuUs.authLink,
      },
    );
  }
  return { rows, details: { filled, big, baseline } };
}

export async function benchMemoryRows(
  m: Mocks,
  progress: (l: string) => void,
  owned: BenchNavigator[],
): Promise<{ rows: Row[]; details: unknown }> {
  const run = async (getStream: boolean) => {
    progress(`memory: starting a fresh navigator (own process) with alice connected to Slack`);
    const nav = await startBenchNavigator(m);
    owned.push(nav);
    try {
      await connectSlack(nav, 'alice');
      return await measureIdleSessions(nav, 1_000, progress, { getStream });
    } finally {
      await nav.child.stop();
      owned.splice(owned.indexOf(nav), 1);
    }
  };
  const r = await run(true);
  const bare = await run(false);
  const g = 'memory';
  const perSession = (x: typeof r) => {
    const n = Math.max(1, x.sessions);
    return `${round((x.after.rss - x.before.rss) / n / 1024, 1)} / ${round((x.after.heapUsed - x.before.heapUsed) / n / 1024, 1)} KB`;
  };
  return {
    rows: [
      row(
        g,
        `RSS growth with ${r.sessions.toLocaleString('en-US')} idle sessions`,
        (r.after.rss - r.before.rss) / MB,
        'MB',
        { op: '<=', limit: 150 },
        `opened in ${Math.round(r.openMs)} ms`,
      ),
      { group: g, figure: 'per idle session (RSS / heap)', value: perSession(r), target: '', met: 'n/a' },
      { group: g, figure: 'per idle session without GET stream', value: perSession(bare), target: '', met: 'n/a' },
      {
        group: g,
        figure: 'navigator RSS before / with the sessions',
        value: `${round(r.before.rss / MB, 1)} / ${round(r.after.rss / MB, 1)} MB`,
        target: '',
        met: 'n/a',
        raw: r.after.rss / MB,
      },
    ],
    details: { withGetStream: r, withoutGetStream: bare },
  };
}

/** A CPU profile of the navigator while 16 sessions call `slack__list_channels` in closed loops. */
export async function profileNavigator(
  nav: BenchNavigator,
  file: string,
  durationMs: number,
): Promise<ProfileSummary & { callsPerSecond: number }> {
  const clients: Client[] = await openClients(nav.target('alice'), 16);
  try {
    const call = (c: Client) => c.callTool({ name: 'slack__list_channels', arguments: {} });
    await closedLoop(clients, call, 300, 0);
    await nav.child.call('profileStart');
    const load = await closedLoop(clients, call, durationMs, 0);
    await nav.child.call('profileStop', file);
    return { ...summarizeProfile(file, 20), callsPerSecond: load.callsPerSecond };
  } finally {
    await closeClients(clients);
  }
}
