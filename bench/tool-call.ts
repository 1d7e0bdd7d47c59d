/**
 * tools/call straight to the mock Slack server vs the same call through the navigator: latency at
 * concurrency 1 (after warm-up, rounds alternated so drift hits both sides alike) and throughput with
 * 1, 16 and 64 concurrent sessions.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Child } from '../kit/stack/ipc.js';
import { closeClients, closedLoop, openClients, sequential } from './mcp-load.js';
import type { Call, Target } from './mcp-load.js';
import { row } from './results.js';
import type { Row } from './results.js';
import { round, summarize } from './stats.js';
import type { LatencySummary } from './stats.js';

export interface ToolCallOptions {
  direct: Target;
  navigator: Target;
  /** Tool name on the mock; through the navigator it is `slack__{tool}`. */
  tool: string;
  args?: Record<string, unknown>;
  warmup: number;
  /** Sequential calls per side and round; `rounds` alternations. */
  perRound: number;
  rounds: number;
  concurrency: readonly number[];
  durationMs: number;
  progress(line: string): void;
  /** Processes whose CPU time is read around the throughput runs. */
  cpu?: { mock: Child; navigator: Child };
}

/** CPU µs per completed call, per process, during one side's throughput slices. */
export interface CpuPerCall {
  loadGenerator: number;
  mock: number;
  navigator: number;
}

export interface ToolCallResult {
  latency: { direct: LatencySummary; navigator: LatencySummary };
  throughput: {
    concurrency: number;
    direct: number;
    navigator: number;
    ratio: number;
    directP99: number;
    navigatorP99: number;
    errors: number;
    cpuDirect?: CpuPerCall;
    cpuNavigator?: CpuPerCall;
  }[];
  rows: Row[];
}

function caller(name: string, args: Record<string, unknown>): Call {
  return async (c: Client) => {
    const r = await c.callTool({ name, arguments: args });
    if (r.isError) throw new Error(`${name} answered isError: ${JSON.stringify(r.content).slice(0, 200)}`);
    return r;
  };
}

export async function benchToolCall(o: ToolCallOptions): Promise<ToolCallResult> {
  const args = o.args ?? {};
  const direct = caller(o.tool, args);
  const viaNav = caller(`slack__${o.tool}`, args);
  const maxC = Math.max(...o.concurrency);
  o.progress(`tool call: opening ${maxC} sessions on each side`);
  const [dClients, nClients] = [await openClients(o.direct, maxC), await openClients(o.navigator, maxC)];
  try {
    const d0 = dClients[0];
    const n0 = nClients[0];
    if (!d0 || !n0) throw new Error('no client');
    o.progress(`tool call: warm-up (${o.warmup} calls each side)`);
    await sequential(d0, direct, o.warmup);
    await sequential(n0, viaNav, o.warmup);
    const dl: number[] = [];
    const nl: number[] = [];
    for (let r = 0; r < o.rounds; r++) {
      o.progress(`tool call: latency round ${r + 1}/${o.rounds} (${o.perRound} sequential calls each side)`);
      dl.push(...(await sequential(d0, direct, o.perRound)));
      nl.push(...(await sequential(n0, viaNav, o.perRound)));
    }
    const latency = { direct: summarize(dl), navigator: summarize(nl) };

    const throughput: ToolCallResult['throughput'] = [];
    for (const c of o.concurrency) {
      o.progress(
        `tool call: throughput with ${c} concurrent session(s), ${o.durationMs} ms each side in ${o.rounds} alternating slices`,
      );
      const slice = Math.round(o.durationMs / o.rounds);
      const fresh = () => ({
        calls: 0,
        allCalls: 0,
        errors: 0,
        latencies: [] as number[],
        cpu: { loadGenerator: 0, mock: 0, navigator: 0 },
      });
      const d = fresh();
      const n = fresh();
      const cpuNow = async () => ({
        loadGenerator: process.cpuUsage().user + process.cpuUsage().system,
        mock: o.cpu ? await o.cpu.mock.call<number>('cpu') : 0,
        navigator: o.cpu ? await o.cpu.navigator.call<number>('cpu') : 0,
      });
      // Alternating short slices: a burst of load from elsewhere on the machine hits both sides alike.
      for (let r = 0; r < o.rounds; r++) {
        for (const [side, clients, call] of [
          [d, dClients, direct],
          [n, nClients, viaNav],
        ] as const) {
          const before = await cpuNow();
          const x = await closedLoop(clients.slice(0, c), call, slice, 150);
          const after = await cpuNow();
          for (const k of ['loadGenerator', 'mock', 'navigator'] as const) side.cpu[k] += after[k] - before[k];
          side.calls += x.calls;
          side.allCalls += x.allCalls;
          side.errors += x.errors;
          side.latencies.push(...x.latencies);
        }
      }
      // CPU includes the 150 ms warm-up of each slice, so divide by every call made, not only the measured ones.
      const perCall = (side: typeof d): CpuPerCall => {
        const total = Math.max(1, side.allCalls);
        return {
          loadGenerator: side.cpu.loadGenerator / total,
          mock: side.cpu.mock / total,
          navigator: side.cpu.navigator / total,
        };
      };
      const seconds = (slice * o.rounds) / 1000;
      throughput.push({
        concurrency: c,
        direct: d.calls / seconds,
        navigator: n.calls / seconds,
        ratio: n.calls / Math.max(1, d.calls),
        directP99: summarize(d.latencies).p99,
        navigatorP99: summarize(n.latencies).p99,
        errors: d.errors + n.errors,
        ...(o.cpu ? { cpuDirect: perCall(d), cpuNavigator: perCall(n) } : {}),
      });
    }

    const g = 'tool call';
    const pair = (a: number, b: number) => `${round(a, 2)} / ${round(b, 2)} ms`;
    const rows: Row[] = [
      {
        group: g,
        figure: 'p50 direct / navigator',
        value: pair(latency.direct.p50, latency.navigator.p50),
        target: '',
        met: 'n/a',
        raw: latency.navigator.p50,
      },
      {
        group: g,
        figure: 'p99 direct / navigator',
        value: pair(latency.direct.p99, latency.navigator.p99),
        target: '',
        met: 'n/a',
        raw: latency.navigator.p99,
      },
      row(g, 'overhead p50 (navigator - direct)', latency.navigator.p50 - latency.direct.p50, 'ms', {
        op: '<=',
        limit: 1,
        text: '≤ 1 ms (aim 0.5)',
      }),
      row(g, 'overhead p99 (navigator - direct)', latency.navigator.p99 - latency.direct.p99, 'ms', {
        op: '<=',
        limit: 3,
        text: '≤ 3 ms',
      }),
    ];
    for (const t of throughput) {
      rows.push({
        group: g,
        figure: `calls/s at ${t.concurrency} direct / navigator`,
        value: `${Math.round(t.direct)} / ${Math.round(t.navigator)} (${Math.round(t.ratio * 100)}%)`,
        target: t.concurrency === 16 ? '≥ 70% of direct' : '',
        met: t.concurrency === 16 ? (t.ratio >= 0.7 ? 'yes' : 'no') : 'n/a',
        raw: t.ratio,
        ...(t.errors > 0 ? { note: `${t.errors} failed calls` } : {}),
      });
    }
    const at16 = throughput.find((t) => t.concurrency === 16) ?? throughput[throughput.length - 1];
    if (at16?.cpuDirect && at16.cpuNavigator) {
      const us = (x: number) => Math.round(x);
      const dc = at16.cpuDirect;
      const nc = at16.cpuNavigator;
      rows.push({
        group: g,
        figure: `CPU µs per call at ${at16.concurrency}: client+mock / client+mock+navigator`,
        value: `${us(dc.loadGenerator)}+${us(dc.mock)} / ${us(nc.loadGenerator)}+${us(nc.mock)}+${us(nc.navigator)}`,
        target: '',
        met: 'n/a',
        raw: nc.navigator,
      });
      // On shared cores throughput is about 1 / (CPU per call); 70% of direct leaves this much for the navigator.
      const budget = (dc.loadGenerator + dc.mock) / 0.7 - (nc.loadGenerator + nc.mock);
      rows.push(
        row(g, 'navigator CPU per proxied call', nc.navigator, 'µs', {
          op: '<=',
          limit: Math.max(0, Math.round(budget)),
          text: `≤ ${Math.max(0, Math.round(budget))} µs (70% budget)`,
        }),
      );
    }
    return { latency, throughput, rows };
  } finally {
    await closeClients([...dClients, ...nClients]);
  }
}
