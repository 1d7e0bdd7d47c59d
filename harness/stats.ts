/**
 * Pass rates for `--repeat N`: per scenario (and mode) and per expectation, naming the flaky ones
 * (passed in some runs, failed in others). Pure.
 */
import type { ScenarioRun, ScenarioSummary } from './report-schema.js';

const rate = (passed: number, runs: number) => (runs === 0 ? 0 : Math.round((passed / runs) * 1000) / 1000);

/** Groups runs by scenario and mode, keeping first-seen order. */
export function summarize(runs: readonly ScenarioRun[]): ScenarioSummary[] {
  const groups = new Map<string, ScenarioRun[]>();
  for (const r of runs) {
    const key = `${r.name} (${r.mode})`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups].map(([key, rs]) => {
    const stats = new Map<string, { passed: number; runs: number }>();
    for (const r of rs)
      for (const t of r.turns)
        if (t.kind === 'expectation') {
          const id = `step ${t.step + 1} ${t.id}`;
          const s = stats.get(id) ?? { passed: 0, runs: 0 };
          s.runs++;
          if (t.passed) s.passed++;
          stats.set(id, s);
        }
    const expectations = [...stats].map(([id, s]) => ({ id, passed: s.passed, runs: s.runs, rate: rate(s.passed, s.runs) }));
    const passed = rs.filter((r) => r.passed).length;
    const first = rs[0];
    return {
      name: key,
      file: first?.file ?? '',
      behaviors: first?.behaviors ?? [],
      passed,
      runs: rs.length,
      rate: rate(passed, rs.length),
      expectations,
      flaky: expectations.filter((e) => e.passed > 0 && e.passed < e.runs).map((e) => e.id),
    };
  });
}
