/**
 * The navigator sections, toolcall, store and memory: they share the mock servers (started once, in
 * their own process) and the store section reuses the tool-call navigator when there is one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchMemoryRows, benchStoreRows, profileNavigator } from '../nav-benches.js';
import { connectSlack, startBenchNavigator, startMocks } from '../nav-stack.js';
import type { BenchNavigator, Mocks } from '../nav-stack.js';
import { row, unavailable } from '../results.js';
import { benchToolCall } from '../tool-call.js';
import { guarded, type BenchContext } from './context.js';

/** Every navigator started here, so each is stopped whatever happens. */
interface NavState {
  mocks: Mocks;
  navigators: BenchNavigator[];
  toolNav?: BenchNavigator;
}

/**
 * A section that needs the mock servers: runs when asked for. `group` and its `targets`
 * ([figure, target] pairs) are the rows reported as not available when it fails.
 */
async function mockSection(
  ctx: BenchContext,
  wants: (name: string) => boolean,
  name: string,
  group: string,
  targets: Array<[figure: string, target: string]>,
  f: () => Promise<void>,
): Promise<void> {
  if (!wants(name)) return;
  const fallback = targets.map(([figure, target]) => unavailable(group, figure, target, ''));
  await guarded(ctx, name, fallback, f);
}

async function toolCall(ctx: BenchContext, s: NavState): Promise<void> {
  const m = s.mocks;
  ctx.progress('tool call: starting a navigator (own process) and connecting alice to Slack through the guided flow');
  const toolNav = await startBenchNavigator(m, { experiments: ctx.experiments });
  s.toolNav = toolNav;
  s.navigators.push(toolNav);
  await connectSlack(toolNav, 'alice');
  const token = await m.child.call<string>('slackToken', 'alice');
  const r = await benchToolCall({
    direct: { url: `${m.slackUrl}/mcp`, headers: { authorization: `Bearer ${token}` } },
    navigator: toolNav.target('alice'),
    tool: 'list_channels',
    warmup: 300,
    perRound: 700,
    rounds: 3,
    concurrency: [1, 16, 64],
    durationMs: 3_000,
    progress: ctx.progress,
    cpu: { mock: m.child, navigator: toolNav.child },
  });
  ctx.rows.push(...r.rows);
  const leaks = toolNav.child.listenerWarnings();
  ctx.rows.push(
    row('tool call', 'navigator MaxListenersExceededWarning lines', leaks, '', {
      op: '<=',
      limit: 0,
      text: '0 (no abort-listener leak)',
    }),
  );
  ctx.details.toolCall = { latency: r.latency, throughput: r.throughput, listenerWarnings: leaks };
  const missed = r.rows.some((x) => x.met === 'no');
  if (missed || ctx.forceProfile) {
    ctx.progress(`tool call: ${missed ? 'targets missed, ' : ''}profiling the navigator at 16 concurrent sessions`);
    const file = join(mkdtempSync(join(tmpdir(), 'bench-profile-')), 'navigator-c16.cpuprofile');
    ctx.profile = await profileNavigator(toolNav, file, 3_000);
    ctx.details.profile = { file, ...ctx.profile };
  }
}

/** Runs the chosen navigator sections, then stops every navigator and the mocks. */
export async function runNavigatorSections(ctx: BenchContext, wants: (name: string) => boolean): Promise<void> {
  if (!wants('toolcall') && !wants('store') && !wants('memory')) return;
  ctx.progress('starting the mock servers (own process)');
  const s: NavState = { mocks: await startMocks(), navigators: [] };
  try {
    const toolCallTargets: Array<[string, string]> = [
      ['navigator overhead p50 / p99', '≤ 1 ms / ≤ 3 ms'],
      ['throughput at 16 vs direct', '≥ 70%'],
    ];
    await mockSection(ctx, wants, 'toolcall', 'tool call', toolCallTargets, () => toolCall(ctx, s));

    const storeTargets: Array<[string, string]> = [
      ['tools/list p99', '≤ 5 ms'],
      ['get_authentication_link p99', '≤ 5 ms'],
    ];
    await mockSection(ctx, wants, 'store', '10k users', storeTargets, async () => {
      const r = await benchStoreRows(s.mocks, s.toolNav, ctx.progress, s.navigators);
      ctx.rows.push(...r.rows);
      ctx.details.store = r.details;
    });

    const memoryTargets: Array<[string, string]> = [['RSS growth with 1,000 idle sessions', '≤ 150 MB']];
    await mockSection(ctx, wants, 'memory', 'memory', memoryTargets, async () => {
      const r = await benchMemoryRows(s.mocks, ctx.progress, s.navigators);
      ctx.rows.push(...r.rows);
      ctx.details.memory = r.details;
    });
  } finally {
    await Promise.allSettled(s.navigators.map((n) => n.child.stop()));
    await s.mocks.child.stop();
  }
}
