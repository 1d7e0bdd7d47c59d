/**
 * Streaming statistics of a harness run: each finished run is added once and then dropped, so memory
 * grows with scenarios × expectations, not with runs. Gives the legacy `summaries` (pass rates and
 * flaky expectations per scenario), the `matrix` (per cell: pass rate with a 95% Wilson interval,
 * tokens, cost, turn latency p50/p95, per scenario and expectation) and the totals. Only runs and
 * checks that passed or failed count: skipped and rate-limited runs, scripted and not-run checks are
 * reported beside the rates, never in them.
 */
import type { Matrix, MatrixCell, ScenarioRun, ScenarioSummary, SkippedRun } from './report-schema.js';
import { costOf, type PriceTable } from './prices.js';
import { percentile, rate, wilson } from './rates.js';

interface ExpAcc {
  passed: number;
  runs: number;
  scripted: number;
  not_run: number;
}

interface ScenarioAcc {
  name: string;
  file: string;
  behaviors: string[];
  passed: number;
  runs: number;
  skipped: number;
  rate_limited: number;
  exps: Map<string, ExpAcc>;
}

interface CellAcc {
  id: string;
  model: string;
  prompt: string;
  passed: number;
  failed: number;
  skipped: number;
  rate_limited: number;
  retries: number;
  input: number;
  output: number;
  cost: number | null;
  latencies: number[];
  scenarios: Map<string, ScenarioAcc>;
}

export interface CellInfo {
  id: string;
  model: string;
  prompt: string;
}

type Status = 'passed' | 'failed' | 'scripted' | 'not_run';

/** One status per expectation id of a run; `always.*` checks (one per step) fold into one: all must hold. */
export function runExpectations(run: ScenarioRun): Map<string, Status> {
  const out = new Map<string, Status>();
  for (const t of run.turns) {
    if (t.kind !== 'expectation') continue;
    const status: Status = t.status ?? (t.passed ? 'passed' : 'failed');
    const id = t.id.startsWith('always.') ? t.id : `step ${t.step + 1} ${t.id}`;
    const prev = out.get(id);
    if (!prev) out.set(id, status);
    else if (status === 'failed' || (status === 'passed' && prev !== 'failed')) out.set(id, status);
  }
  return out;
}

const ciOf = (passed: number, runs: number) => ({ passed, runs, rate: rate(passed, runs), ci95: wilson(passed, runs) });

export class Aggregator {
  private readonly cells = new Map<string, CellAcc>();
  readonly totals = { runs: 0, passed: 0, failed: 0, skipped: 0, rate_limited: 0 };

  constructor(
    cells: readonly CellInfo[] = [],
    private readonly prices: PriceTable = {},
  ) {
    for (const c of cells) this.cell(c);
  }

  private cell(c: CellInfo): CellAcc {
    let acc = this.cells.get(c.id);
    if (!acc) {
      acc = {
        ...c,
        passed: 0,
        failed: 0,
        skipped: 0,
        rate_limited: 0,
        retries: 0,
        input: 0,
        output: 0,
        cost: 0,
        latencies: [],
        scenarios: new Map(),
      };
      this.cells.set(c.id, acc);
    }
    return acc;
  }

  private scenario(cell: CellAcc, r: { name: string; file: string; behaviors: string[] }): ScenarioAcc {
    const key = `${r.file}\n${r.name}`;
    let acc = cell.scenarios.get(key);
    if (!acc) {
      acc = {
        name: r.name,
        file: r.file,
        behaviors: r.behaviors,
        passed: 0,
        runs: 0,
        skipped: 0,
        rate_limited: 0,
        exps: new Map(),
      };
      cell.scenarios.set(key, acc);
    }
    return acc;
  }

  add(run: ScenarioRun): void {
    const cell = this.cell({ id: run.cell ?? run.mode, model: run.model ?? run.mode, prompt: run.prompt ?? 'default' });
    const sc = this.scenario(cell, run);
    cell.retries += run.rate_limit_retries ?? 0;
    const usage = run.usage ?? { input_tokens: 0, output_tokens: 0 };
    cell.input += usage.input_tokens;
    cell.output += usage.output_tokens;
    const cost = run.cost_usd !== undefined ? run.cost_usd : costOf(cell.model, usage, this.prices);
    cell.cost = cell.cost === null || cost === null ? null : Math.round((cell.cost + cost) * 1e6) / 1e6;
    cell.latencies.push(...(run.turn_latency_ms ?? []));
    if (run.outcome === 'rate_limited') {
      cell.rate_limited++;
      sc.rate_limited++;
      this.totals.rate_limited++;
      return;
    }
    this.totals.runs++;
    sc.runs++;
    if (run.passed) {
      this.totals.passed++;
      cell.passed++;
      sc.passed++;
    } else {
      this.totals.failed++;
      cell.failed++;
    }
    for (const [id, status] of runExpectations(run)) {
      const e = sc.exps.get(id) ?? { passed: 0, runs: 0, scripted: 0, not_run: 0 };
      if (status === 'scripted') e.scripted++;
      else if (status === 'not_run') e.not_run++;
      else {
        e.runs++;
        if (status === 'passed') e.passed++;
      }
      sc.exps.set(id, e);
    }
  }

  skip(s: SkippedRun, cell: CellInfo): void {
    const c = this.cell(cell);
    c.skipped++;
    this.scenario(c, s).skipped++;
    this.totals.skipped++;
  }

  /** The legacy per-scenario summaries (`name (cell)`), in first-seen order. */
  summaries(): ScenarioSummary[] {
    const out: ScenarioSummary[] = [];
    for (const cell of this.cells.values())
      for (const sc of cell.scenarios.values()) {
        if (sc.runs === 0) continue;
        const expectations = [...sc.exps]
          .filter(([, e]) => e.runs > 0)
          .map(([id, e]) => ({ id, passed: e.passed, runs: e.runs, rate: rate(e.passed, e.runs) }));
        out.push({
          name: `${sc.name} (${cell.id})`,
          file: sc.file,
          behaviors: sc.behaviors,
          passed: sc.passed,
          runs: sc.runs,
          rate: rate(sc.passed, sc.runs),
          expectations,
          flaky: expectations.filter((e) => e.passed > 0 && e.passed < e.runs).map((e) => e.id),
        });
      }
    return out;
  }

  matrixCells(): MatrixCell[] {
    return [...this.cells.values()].map((c) => ({
      id: c.id,
      model: c.model,
      prompt: c.prompt,
      ...ciOf(c.passed, c.passed + c.failed),
      failed: c.failed,
      skipped: c.skipped,
      rate_limited: c.rate_limited,
      rate_limit_retries: c.retries,
      tokens: { input: c.input, output: c.output },
      cost_usd: c.cost,
      latency_ms: { p50: percentile(c.latencies, 50), p95: percentile(c.latencies, 95), turns: c.latencies.length },
      scenarios: [...c.scenarios.values()].map((sc) => ({
        name: sc.name,
        file: sc.file,
        ...ciOf(sc.passed, sc.runs),
        skipped: sc.skipped,
        rate_limited: sc.rate_limited,
        expectations: [...sc.exps].map(([id, e]) => ({
          id,
          ...ciOf(e.passed, e.runs),
          scripted: e.scripted,
          not_run: e.not_run,
        })),
      })),
    }));
  }

  /** Threshold verdict: every cell (overall) and every scenario in every cell (scenario) must reach it. */
  threshold(t: { overall?: number; scenario?: number }): NonNullable<Matrix['threshold']> {
    const misses: string[] = [];
    for (const c of this.matrixCells()) {
      if (t.overall !== undefined) {
        if (c.runs === 0) misses.push(`${c.id}: no counted runs`);
        else if (c.rate < t.overall) misses.push(`${c.id}: ${pct(c.rate)} < ${pct(t.overall)}`);
      }
      if (t.scenario !== undefined)
        for (const s of c.scenarios)
          if (s.runs > 0 && s.rate < t.scenario)
            misses.push(`${c.id} / ${s.name}: ${pct(s.rate)} < ${pct(t.scenario)}`);
    }
    return { ...t, met: misses.length === 0, misses };
  }
}

export const pct = (r: number) => `${Number((r * 100).toFixed(1))}%`;
