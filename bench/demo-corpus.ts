/**
 * The demo model's labelled corpus (server/agent/models/demo/corpus/requests.yaml), run in this
 * process through the real model, the AI SDK loop and the real mock tools: wrong writes, exact
 * actions, clarifications where expected, and the model's own time per labelled turn (the sum of its
 * doGenerate calls in that turn; tool time excluded). A first pass warms the JIT and is not counted.
 */
import { loadCorpus, runCorpus, type CorpusFigures } from '../server/agent/models/demo/corpus/run.js';
import { row, type Row } from './results.js';
import { round, summarize } from './stats.js';

export interface DemoCorpusBench {
  rows: Row[];
  details: Omit<CorpusFigures, 'results'> & { turnMs: ReturnType<typeof summarize>; misses: string[] };
}

export async function benchDemoCorpus(): Promise<DemoCorpusBench> {
  const cases = loadCorpus();
  await runCorpus(cases.slice(0, 40));
  const f = await runCorpus(cases);
  const turnMs = summarize(f.results.map((r) => r.modelMs.reduce((a, b) => a + b, 0)));
  const misses = f.results.filter((r) => !r.exact).map((r) => `${r.id}: ${r.problems.join('; ')}`.slice(0, 300));
  const g = 'demo model corpus';
  const rows = [
    row(g, `wrong writes (${f.requests} requests)`, f.wrongWrites, '', { op: '<=', limit: 0, text: '0' }),
    row(
      g,
      'exact actions',
      round(f.exactRate * 100, 1),
      '%',
      { op: '>=', limit: 97 },
      misses.length > 0 ? `not exact: ${misses.slice(0, 5).join(' | ')}` : undefined,
    ),
    row(
      g,
      `clarifications where expected (${f.clarificationsExpected})`,
      f.clarificationsExpected === 0 ? 100 : round((f.clarificationsAsked / f.clarificationsExpected) * 100, 1),
      '%',
      { op: '>=', limit: 100, text: '100%' },
    ),
    row(
      g,
      'model time per turn, p99',
      turnMs.p99,
      'ms',
      { op: '<', limit: 50 },
      `p50 ${round(turnMs.p50, 2)} ms, max ${round(turnMs.max, 1)} ms over ${turnMs.n} turns`,
    ),
  ];
  const { results: _results, ...figures } = f;
  return { rows, details: { ...figures, turnMs, misses } };
}
