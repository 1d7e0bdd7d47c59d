/**
 * tools/call straight to the mock Slack server vs the same call through the navigator: latency at
 * concurrency 1 (after warm-up, rounds alternated so drift hits both sides alike) and throughput with
 * 1, 16 and 64 concurrent sessions.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
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
}

export interface ToolCallResult {
  latency: { direct: LatencySummary; navigator: LatencySummary };
  throughput: { concurrency: number; direct: number; navigator: number; ratio: number; directP99: number; navigatorP99: number; errors: number }[];
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
      o.progress(`tool call: throughput with ${c} concurrent session(s), ${o.durationMs} ms each side in ${o.rounds} alternating slices`);
      const slice = Math.round(o.durationMs / o.rounds);
      const d = { calls: 0, errors: 0, latencies: [] as number[] };
      const n = { calls: 0, errors: 0, latencies: [] as number[] };
      // Alternating short slices: a burst of load from elsewhere on the machine hits both sides alike.
      for (let r = 0; r < o.rounds; r++) {
        for (const [side, clients, call] of [[d, dClients, direct], [n, nClients, viaNav]] as const) {
          const x = await closedLoop(clients.slice(0, c), call, slice, 150);
          side.calls += x.calls;
          side.errors += x.errors;
          side.latencies.push(...x.latencies);
        }
      }
      const seconds = (slice * o.rounds) / 1000;
      throughput.push({
        concurrency: c,
        direct: d.calls / seconds,
        navigator: n.calls / seconds,
        ratio: n.calls / Math.max(1, d.calls),
        directP99: summarize(d.latencies).p99,
        navigatorP99: summarize(n.latencies).p99,
        errors: d.errors + n.errors,
      });
    }

    const g = 'tool call';
    const pair = (a: number, b: number) => `${round(a, 2)} / ${round(b, 2)} ms`;
    const rows: Row[] = [
      { group: g, figure: 'p50 direct / navigator', value: pair(latency.direct.p50, latency.navigator.p50), target: '', met: 'n/a', raw: latency.navigator.p50 },
      { group: g, figure: 'p99 direct / navigator', value: pair(latency.direct.p99, latency.navigator.p99), target: '', met: 'n/a', raw: latency.navigator.p99 },
      row(g, 'overhead p50 (navigator - direct)', latency.navigator.p50 - latency.direct.p50, 'ms', { op: '<=', limit: 1, text: '≤ 1 ms (aim 0.5)' }),
      row(g, 'overhead p99 (navigator - direct)', latency.navigator.p99 - latency.direct.p99, 'ms', { op: '<=', limit: 3, text: '≤ 3 ms' }),
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
    return { latency, throughput, rows };
  } finally {
    await closeClients([...dClients, ...nClients]);
  }
}
