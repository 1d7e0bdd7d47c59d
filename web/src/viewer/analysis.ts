/**
 * What the viewer derives from harness reports: a run's turns as a transcript (tool calls paired
 * with their results), its failed turns, the prompt × model matrix (the report's own `matrix` when
 * it has one, otherwise computed from its runs), and the difference between two reports with
 * regressions first. Pure functions, unit-tested in analysis.test.ts.
 */
import type { RunReport, ScenarioRun, Turn } from './report.js';

export interface Interval {
  low: number;
  high: number;
}

/** The 95% Wilson score interval of `passed` out of `runs` (the harness uses the same for matrix cells). */
export function wilson(passed: number, runs: number, z = 1.96): Interval {
  if (runs <= 0) return { low: 0, high: 1 };
  const p = passed / runs;
  const z2 = z * z;
  const centre = (p + z2 / (2 * runs)) / (1 + z2 / runs);
  const half = (z * Math.sqrt((p * (1 - p)) / runs + z2 / (4 * runs * runs))) / (1 + z2 / runs);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export function isFailedTurn(t: Turn): boolean {
  return (t.kind === 'expectation' && !t.passed) || (t.kind === 'action' && !t.ok) || t.kind === 'error';
}

/** Indices of a run's failed turns (failed expectations and actions, harness errors), in order. */
export function failedTurns(run: ScenarioRun): number[] {
  return run.turns.flatMap((t, i) => (isFailedTurn(t) ? [i] : []));
}

export type TranscriptItem =
  | { type: 'user'; turns: number[]; user: string; text: string }
  | { type: 'assistant'; turns: number[]; text: string }
  | { type: 'tool'; turns: number[]; name: string; args: unknown; result?: unknown; isError: boolean; pending: boolean }
  | { type: 'action'; turns: number[]; action: string; detail: string; ok: boolean; error?: string }
  | { type: 'expectation'; turns: number[]; id: string; passed: boolean; expected: string; actual: string }
  | { type: 'error'; turns: number[]; message: string };

/** The run as a conversation: bubbles for messages, one card per tool call with its result, actions and expectations inline. */
export function transcriptOf(run: ScenarioRun): TranscriptItem[] {
  const items: TranscriptItem[] = [];
  const openCalls = new Map<string, Extract<TranscriptItem, { type: 'tool' }>>();
  run.turns.forEach((t, i) => {
    switch (t.kind) {
      case 'user':
        items.push({ type: 'user', turns: [i], user: t.user, text: t.text });
        break;
      case 'assistant':
        items.push({ type: 'assistant', turns: [i], text: t.text });
        break;
      case 'tool-call': {
        const item: Extract<TranscriptItem, { type: 'tool' }> = {
          type: 'tool',
          turns: [i],
          name: t.name,
          args: t.args,
          isError: false,
          pending: true,
        };
        openCalls.set(t.id, item);
        items.push(item);
        break;
      }
      case 'tool-result': {
        const call = openCalls.get(t.id);
        const result = t.json ?? t.text;
        if (call) {
          call.turns.push(i);
          call.result = result;
          call.isError = t.is_error;
          call.pending = false;
          openCalls.delete(t.id);
        } else
          items.push({
            type: 'tool',
            turns: [i],
            name: t.name,
            args: undefined,
            result,
            isError: t.is_error,
            pending: false,
          });
        break;
      }
      case 'action':
        items.push({
          type: 'action',
          turns: [i],
          action: t.action,
          detail: t.detail,
          ok: t.ok,
          ...(t.error ? { error: t.error } : {}),
        });
        break;
      case 'expectation':
        items.push({
          type: 'expectation',
          turns: [i],
          id: t.id,
          passed: t.passed,
          expected: t.expected,
          actual: t.actual,
        });
        break;
      case 'error':
        items.push({ type: 'error', turns: [i], message: t.message });
        break;
    }
  });
  return items;
}

/** One run's cell (model, or `MODEL × PROMPT`); older reports have none: their model. */
export function cellOfRun(report: RunReport, runCells: ReadonlyArray<string | undefined>, index: number): string {
  return runCells[index] ?? report.runs[index]?.mode ?? report.model;
}

export interface RateView extends Interval {
  passed: number;
  runs: number;
  rate: number;
}

export interface MatrixView {
  /** Cell ids in report order. */
  cells: Array<{ id: string; total: RateView }>;
  /** Scenario names in report order. */
  scenarios: string[];
  /** `cell` → `scenario` → rate. */
  rates: Map<string, Map<string, RateView>>;
  /** True when the report carried its own matrix (the harness's figures), false when computed here. */
  fromReport: boolean;
}

/** The matrix shape the viewer reads from a report's `matrix` (harness/report-schema.ts `Matrix`, only the fields shown). */
export interface ReportMatrix {
  cells: Array<{
    id: string;
    passed: number;
    runs: number;
    rate: number;
    ci95: Interval;
    scenarios: Array<{ name: string; passed: number; runs: number; rate: number; ci95: Interval }>;
  }>;
}

const rateView = (passed: number, runs: number): RateView => ({
  passed,
  runs,
  rate: runs > 0 ? passed / runs : 0,
  ...wilson(passed, runs),
});

export function matrixOf(
  report: RunReport,
  runCells: ReadonlyArray<string | undefined>,
  matrix?: ReportMatrix,
): MatrixView {
  const scenarios: string[] = [];
  const rates = new Map<string, Map<string, RateView>>();
  if (matrix) {
    for (const cell of matrix.cells) {
      const row = new Map<string, RateView>();
      for (const s of cell.scenarios) {
        if (!scenarios.includes(s.name)) scenarios.push(s.name);
        row.set(s.name, { passed: s.passed, runs: s.runs, rate: s.rate, ...s.ci95 });
      }
      rates.set(cell.id, row);
    }
    return {
      cells: matrix.cells.map((c) => ({
        id: c.id,
        total: { passed: c.passed, runs: c.runs, rate: c.rate, ...c.ci95 },
      })),
      scenarios,
      rates,
      fromReport: true,
    };
  }
  const counts = new Map<string, Map<string, { passed: number; runs: number }>>();
  report.runs.forEach((run, i) => {
    const cell = cellOfRun(report, runCells, i);
    if (!scenarios.includes(run.name)) scenarios.push(run.name);
    const row = counts.get(cell) ?? new Map<string, { passed: number; runs: number }>();
    counts.set(cell, row);
    const c = row.get(run.name) ?? { passed: 0, runs: 0 };
    row.set(run.name, { passed: c.passed + (run.passed ? 1 : 0), runs: c.runs + 1 });
  });
  const cells = [...counts.entries()].map(([id, row]) => {
    let passed = 0;
    let runs = 0;
    const out = new Map<string, RateView>();
    for (const [name, c] of row) {
      passed += c.passed;
      runs += c.runs;
      out.set(name, rateView(c.passed, c.runs));
    }
    rates.set(id, out);
    return { id, total: rateView(passed, runs) };
  });
  return { cells, scenarios, rates, fromReport: false };
}

export type Change = 'regressed' | 'removed' | 'added' | 'improved' | 'same';

export interface DiffRow {
  cell: string;
  scenario: string;
  change: Change;
  base?: RateView;
  next?: RateView;
  /** Expectations that failed in the new report but in no run of the base. */
  newlyFailing: string[];
}

const ORDER: Record<Change, number> = { regressed: 0, removed: 1, added: 2, improved: 3, same: 4 };

interface Side {
  report: RunReport;
  runCells: ReadonlyArray<string | undefined>;
}

function byKey(
  side: Side,
): Map<string, { cell: string; scenario: string; passed: number; runs: number; failing: Set<string> }> {
  const out = new Map<string, { cell: string; scenario: string; passed: number; runs: number; failing: Set<string> }>();
  side.report.runs.forEach((run, i) => {
    const cell = cellOfRun(side.report, side.runCells, i);
    const key = `${cell}\u0000${run.name}`;
    const entry = out.get(key) ?? { cell, scenario: run.name, passed: 0, runs: 0, failing: new Set<string>() };
    entry.passed += run.passed ? 1 : 0;
    entry.runs += 1;
    for (const t of run.turns) if (t.kind === 'expectation' && !t.passed) entry.failing.add(t.id);
    out.set(key, entry);
  });
  return out;
}

/** Compares `next` with `base` per cell and scenario: regressions first (largest drop first), then removed, added, improved, unchanged. */
export function diffReports(base: Side, next: Side): DiffRow[] {
  const a = byKey(base);
  const b = byKey(next);
  const rows: DiffRow[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const before = a.get(key);
    const after = b.get(key);
    const cell = (after ?? before)?.cell ?? '';
    const scenario = (after ?? before)?.scenario ?? '';
    const baseRate = before ? rateView(before.passed, before.runs) : undefined;
    const nextRate = after ? rateView(after.passed, after.runs) : undefined;
    const newlyFailing = after ? [...after.failing].filter((id) => !before?.failing.has(id)) : [];
    let change: Change;
    if (!baseRate) change = 'added';
    else if (!nextRate) change = 'removed';
    else if (nextRate.rate < baseRate.rate || (newlyFailing.length > 0 && nextRate.rate <= baseRate.rate))
      change = 'regressed';
    else if (nextRate.rate > baseRate.rate) change = 'improved';
    else change = 'same';
    rows.push({
      cell,
      scenario,
      change,
      ...(baseRate ? { base: baseRate } : {}),
      ...(nextRate ? { next: nextRate } : {}),
      newlyFailing,
    });
  }
  const drop = (r: DiffRow) => (r.base?.rate ?? 0) - (r.next?.rate ?? 0);
  return rows.sort(
    (x, y) =>
      ORDER[x.change] - ORDER[y.change] ||
      drop(y) - drop(x) ||
      x.scenario.localeCompare(y.scenario) ||
      x.cell.localeCompare(y.cell),
  );
}

/** "67% (2/3, 95% CI 21–94%)". */
export function formatRate(r: RateView): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return `${pct(r.rate)} (${r.passed}/${r.runs}, 95% CI ${Math.round(r.low * 100)}–${pct(r.high)})`;
}
