/**
 * Bench child: one navigator in its own process, seeded like the demo (slack + linear user-level,
 * instance `demo` with In-Chat Authentication, users alice/bob/carol), so its memory and CPU are its own.
 * `populate` fills the store with many users, servers and credentials through the store API.
 */
import { z } from 'zod';
import { startStack } from '../kit/stack.js';
import { hashPassword } from '../server/navigator/crypto.js';
import { processHandlers } from './child-common.js';
import { isolateSignals } from './isolating-fetch.js';
import { serveParent } from '../kit/stack/ipc.js';

const Args = z.object({
  slackUrl: z.string().url(),
  linearUrl: z.string().url(),
  dbPath: z.string().default(':memory:'),
});
/**
 * What-if experiments on the navigator without editing it, to put an "after" figure next to a finding:
 * `isolate-signals` gives each downstream fetch its own AbortSignal (the pool calls the global fetch).
 */
const experiments = new Set((process.env.BENCH_NAV_EXPERIMENTS ?? '').split(',').filter(Boolean));
if (experiments.has('isolate-signals')) globalThis.fetch = isolateSignals(globalThis.fetch.bind(globalThis));

const args = Args.parse(JSON.parse(process.argv[2] ?? '{}'));
const stack = await startStack({
  mocks: { urls: { slack: args.slackUrl, linear: args.linearUrl } },
  dbPath: args.dbPath,
  downstreamTimeoutMs: 10_000,
  project: { name: 'Bench project' },
  instance: { name: 'Bench assistant' },
  // Nothing kept per request: the bench reads this process's memory.
  navigator: { log: () => {} },
});
const { navigator, apiKey, adminKey } = stack;

const Populate = z.object({
  users: z.number().int().min(0),
  servers: z.number().int().min(0),
  credentialsPerUser: z.number().int().min(0),
  mcpUrl: z.string().url(),
});

serveParent({
  ...processHandlers(),
  info: () => ({
    url: navigator.url,
    apiKey,
    adminKey,
    linkUrl: navigator.service.activeLinkUrl('demo') ?? `${navigator.url}/auth?project_id=demo`,
  }),
  /**
   * Adds `servers` user-level servers (bench01..) and `users` users (u00001..), each holding
   * `credentialsPerUser` expired credentials on the bench servers (status 'invalid', so no status
   * computation reaches the network). Returns the row counts.
   */
  populate: async (arg: unknown) => {
    const p = Populate.parse(arg);
    const testing = navigator.testing;
    const hash = await hashPassword('bench');
    const started = performance.now();
    const ids: number[] = [];
    for (let i = 1; i <= p.servers; i++) {
      const name = `bench${String(i).padStart(2, '0')}`;
      ids.push(testing.addServer('demo', { name, displayName: `Bench ${i}`, mcpUrl: p.mcpUrl, authLevel: 'user' }).id);
    }
    testing.transaction(() => {
      for (let u = 1; u <= p.users; u++) {
        const id = `u${String(u).padStart(5, '0')}`;
        testing.createUser(id, `User ${u}`, hash);
        for (let c = 0; c < Math.min(p.credentialsPerUser, ids.length); c++) {
          const serverId = ids[(u + c) % ids.length];
          if (serverId === undefined) continue;
          testing.saveCredential(id, serverId, { accessToken: `expired-${u}-${c}`, expiresAt: Date.now() - 60_000 });
          testing.expireCredential(id, serverId);
        }
      }
    });
    const count = (table: 'users' | 'servers' | 'credentials') => testing.rowCount(table);
    return {
      users: count('users'),
      servers: count('servers'),
      credentials: count('credentials'),
      ms: Math.round(performance.now() - started),
    };
  },
  sessions: async () => {
    const res = await fetch(`${navigator.url}/healthz`);
    return ((await res.json()) as { sessions?: number }).sessions ?? -1;
  },
});
