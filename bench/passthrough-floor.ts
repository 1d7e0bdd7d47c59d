/**
 * `tsx bench/passthrough-floor.ts`: CPU per tools/call at 16 concurrent sessions for the mock called
 * directly, through the navigator, and through a raw pass-through proxy (passthrough-process.ts), so a
 * navigator fast path has a measured floor to aim at. Not part of `npm run bench`.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startChild } from '../kit/stack/ipc.js';
import type { Child } from '../kit/stack/ipc.js';
import { closeClients, closedLoop, openClients } from './mcp-load.js';
import type { Target } from './mcp-load.js';
import { connectSlack, startBenchNavigator, startMocks } from './nav-stack.js';

const mocks = await startMocks();
const nav = await startBenchNavigator(mocks, { experiments: ['isolate-signals'] });
await connectSlack(nav, 'alice');
const proxy = await startChild('bench/passthrough-process.ts', [`${mocks.slackUrl}/mcp`]);
const token = await mocks.child.call<string>('slackToken', 'alice');
const bearer = { authorization: `Bearer ${token}` };
const sides: { name: string; target: Target; tool: string; hop?: Child }[] = [
  { name: 'direct', target: { url: `${mocks.slackUrl}/mcp`, headers: bearer }, tool: 'list_channels' },
  { name: 'navigator', target: nav.target('alice'), tool: 'slack__list_channels', hop: nav.child },
  {
    name: 'pass-through',
    target: { url: await proxy.call<string>('url'), headers: bearer },
    tool: 'slack__list_channels',
    hop: proxy,
  },
];
const totals = new Map(sides.map((s) => [s.name, { calls: 0, client: 0, mock: 0, hop: 0 }]));
const clients = new Map<string, Client[]>();
for (const s of sides) clients.set(s.name, await openClients(s.target, 16));
for (let round = 0; round < 4; round++) {
  for (const s of sides) {
    const cpu = async () => ({
      client: process.cpuUsage().user + process.cpuUsage().system,
      mock: await mocks.child.call<number>('cpu'),
      hop: s.hop ? await s.hop.call<number>('cpu') : 0,
    });
    const before = await cpu();
    const r = await closedLoop(
      clients.get(s.name) ?? [],
      (c) => c.callTool({ name: s.tool, arguments: {} }),
      1_000,
      100,
    );
    const after = await cpu();
    const t = totals.get(s.name);
    if (!t) continue;
    t.calls += r.allCalls;
    t.client += after.client - before.client;
    t.mock += after.mock - before.mock;
    t.hop += after.hop - before.hop;
  }
}
console.log('CPU µs per tools/call at 16 concurrent sessions (client / mock / gateway hop):');
for (const [name, t] of totals) {
  const per = (x: number) => String(Math.round(x / Math.max(1, t.calls))).padStart(5);
  console.log(`  ${name.padEnd(13)} ${per(t.client)} / ${per(t.mock)} / ${per(t.hop)}   (${t.calls} calls)`);
}
for (const c of clients.values()) await closeClients(c);
await Promise.allSettled([proxy.stop(), nav.child.stop(), mocks.child.stop()]);
process.exit(0);
