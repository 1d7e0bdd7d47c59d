/**
 * Turns output folders (one run, or the shards of one run) into the reports: `report.json` and
 * `junit.xml`, written piece by piece from `runs.jsonl` in job-index order so memory stays flat,
 * plus the statistics the CLI's end summary prints. A plain run and `merge` of its shards go
 * through the same code, so their reports are the same.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Aggregator, type CellInfo } from './aggregate.js';
import { cellsOf, type Cell } from './matrix.js';
import { junitCase, junitHead, junitSuiteHead, JUNIT_FOOT, JUNIT_SUITE_FOOT } from './reporters/junit.js';
import type { Matrix, RunReport, ScenarioRun, SkippedRun } from './report-schema.js';
import { readMeta, readRuns, type RunMeta } from './run-store.js';

export interface ThresholdSpec {
  overall?: number;
  scenario?: number;
}

export interface Sink {
  write(s: string): void;
  close(): void;
}

export function fileSink(path: string): Sink {
  const fd = openSync(path, 'w');
  return { write: (s) => void writeSync(fd, s), close: () => closeSync(fd) };
}

/** The settings all shards must share, and the merged view of them. */
/** `complete`: every shard 1..N must be there (merge); a shard's own report is of that shard alone. */
export function mergeMeta(
  metas: readonly RunMeta[],
  dirs: readonly string[],
  complete = true,
): RunMeta & { shards: string[] } {
  const first = metas[0];
  if (!first) throw new Error('nothing to merge');
  const same = (m: RunMeta) => JSON.stringify([m.models, m.prompts, m.repeat, m.total_jobs, m.judge, m.user_model]);
  metas.forEach((m, i) => {
    if (same(m) !== same(first))
      throw new Error(
        `${dirs[i]} was run with other settings (models, prompts, repeat, scenarios, judge) than ${dirs[0]}`,
      );
  });
  const shards = metas.flatMap((m) => (m.shard ? [m.shard] : []));
  if (shards.length > 0) {
    if (shards.length !== metas.length) throw new Error('a sharded output cannot be merged with an unsharded one');
    const n = shards[0]?.n ?? 1;
    if (shards.some((s) => s.n !== n)) throw new Error('the shards were cut differently (different N)');
    const ks = new Set(shards.map((s) => s.k));
    if (ks.size !== shards.length) throw new Error('the same shard is given twice');
    const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !ks.has(k));
    if (missing.length && complete) throw new Error(`shard(s) ${missing.map((k) => `${k}/${n}`).join(', ')} missing`);
  } else if (metas.length > 1) throw new Error('only the shards (--shard K/N) of one run can be merged');
  return {
    ...first,
    shard: undefined,
    started_at: metas.map((m) => m.started_at).sort()[0] ?? first.started_at,
    // Shards run side by side on different machines: the slowest one is the wall time.
    duration_ms: Math.max(...metas.map((m) => m.duration_ms)),
    skipped: metas.flatMap((m) => m.skipped).sort((a, b) => a.index - b.index),
    shards: shards.sort((a, b) => a.k - b.k).map((s) => `${s.k}/${s.n}`),
  };
}

export function metaCells(meta: Pick<RunMeta, 'models' | 'prompts'>): Cell[] {
  return cellsOf(meta.models, meta.prompts);
}

const cellInfo = (c: Cell): CellInfo => ({ id: c.id, model: c.model, prompt: c.prompt.name });

/** Statistics over runs (in index order) and skipped runs. */
export function aggregate(meta: RunMeta, runs: Iterable<ScenarioRun>): Aggregator {
  const cells = metaCells(meta);
  const agg = new Aggregator(cells.map(cellInfo), meta.prices);
  for (const r of runs) agg.add(r);
  for (const s of meta.skipped) {
    const cell = cells.find((c) => c.id === s.cell);
    agg.skip(s, cell ? cellInfo(cell) : { id: s.cell, model: s.mode, prompt: 'default' });
  }
  return agg;
}

/** Everything in the report but `runs`. */
export function reportHead(
  meta: RunMeta & { shards?: string[] },
  agg: Aggregator,
  threshold?: ThresholdSpec,
): Omit<RunReport, 'runs'> {
  const t =
    threshold && (threshold.overall !== undefined || threshold.scenario !== undefined)
      ? agg.threshold(threshold)
      : undefined;
  const matrix: Matrix = {
    models: meta.models,
    prompts: meta.prompts,
    cells: agg.matrixCells(),
    ...(t ? { threshold: t } : {}),
    prices: meta.prices,
  };
  const { runs, passed, failed, skipped, rate_limited } = agg.totals;
  return {
    version: 1,
    model: meta.models[0] ?? 'demo',
    repeat: meta.repeat,
    started_at: meta.started_at,
    duration_ms: meta.duration_ms,
    passed: t ? t.met : failed === 0,
    totals: { runs, passed, failed, skipped, rate_limited },
    summaries: agg.summaries(),
    skipped: meta.skipped,
    matrix,
    ...(meta.shards?.length
      ? { shards: meta.shards }
      : meta.shard
        ? { shards: [`${meta.shard.k}/${meta.shard.n}`] }
        : {}),
  };
}

/** report.json: the head, then one run per line inside `runs`. */
export function writeJsonReport(head: Omit<RunReport, 'runs'>, runs: Iterable<ScenarioRun>, sink: Sink): void {
  const text = JSON.stringify(head, null, 2);
  sink.write(`${text.slice(0, -2)},\n  "runs": [`);
  let first = true;
  for (const r of runs) {
    sink.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(r)}`);
    first = false;
  }
  sink.write(`${first ? '' : '\n  '}]\n}\n`);
}

type Entry = { run: ScenarioRun; skipped?: undefined } | { skipped: SkippedRun; run?: undefined };

/** Runs and skipped runs merged by index (both lists are in index order). */
function* entries(runs: Iterable<ScenarioRun>, skipped: readonly SkippedRun[]): Generator<Entry> {
  let s = 0;
  for (const run of runs) {
    while (s < skipped.length && (skipped[s]?.index ?? 0) < (run.index ?? Infinity))
      yield { skipped: skipped[s++] as SkippedRun };
    yield { run };
  }
  while (s < skipped.length) yield { skipped: skipped[s++] as SkippedRun };
}

/** junit.xml: one suite per cell (cells are contiguous in index order), skipped runs as skipped cases. */
export function writeJunit(head: Omit<RunReport, 'runs'>, runs: () => Iterable<ScenarioRun>, sink: Sink): void {
  const time = new Map<string, number>();
  for (const r of runs()) time.set(r.cell ?? r.mode, (time.get(r.cell ?? r.mode) ?? 0) + r.duration_ms);
  const cells = head.matrix?.cells ?? [];
  const total = head.totals;
  sink.write(
    junitHead({
      tests: total.runs + (total.skipped ?? 0) + (total.rate_limited ?? 0),
      failures: total.failed,
      ms: head.duration_ms,
    }),
  );
  let open: string | undefined;
  for (const e of entries(runs(), head.skipped ?? [])) {
    const cell = e.run ? (e.run.cell ?? e.run.mode) : e.skipped.cell;
    if (cell !== open) {
      if (open !== undefined) sink.write(JUNIT_SUITE_FOOT);
      const c = cells.find((x) => x.id === cell);
      sink.write(
        junitSuiteHead({
          name: `scenarios (${cell})`,
          tests: c ? c.runs + c.skipped + c.rate_limited : 0,
          failures: c?.failed ?? 0,
          skipped: c ? c.skipped + c.rate_limited : 0,
          ms: time.get(cell) ?? 0,
          timestamp: head.started_at,
        }),
      );
      open = cell;
    }
    sink.write(junitCase(e.run ? { run: e.run, repeat: head.repeat } : { skipped: e.skipped, repeat: head.repeat }));
  }
  if (open !== undefined) sink.write(JUNIT_SUITE_FOOT);
  sink.write(JUNIT_FOOT);
}

export interface Finalized {
  head: Omit<RunReport, 'runs'>;
  agg: Aggregator;
  /** Files written. */
  paths: string[];
}

/**
 * Reads output folders (a run or its shards) and writes the reports: into `out` when given,
 * otherwise to `stdout` (JSON, then JUnit).
 */
export function finalize(
  dirs: readonly string[],
  opts: {
    reporters: readonly string[];
    out?: string;
    threshold?: ThresholdSpec;
    stdout: (s: string) => void;
    partial?: boolean;
  },
): Finalized {
  const meta = mergeMeta(dirs.map(readMeta), dirs, !opts.partial);
  const agg = aggregate(meta, readRuns(dirs));
  const head = reportHead(meta, agg, opts.threshold);
  const paths: string[] = [];
  const sinkFor = (name: string): Sink => {
    if (!opts.out) return { write: opts.stdout, close: () => {} };
    mkdirSync(opts.out, { recursive: true });
    const path = join(opts.out, name);
    paths.push(path);
    return fileSink(path);
  };
  for (const [reporter, name, write] of [
    ['json', 'report.json', (s: Sink) => writeJsonReport(head, readRuns(dirs), s)],
    ['junit', 'junit.xml', (s: Sink) => writeJunit(head, () => readRuns(dirs), s)],
  ] as const) {
    if (!opts.reporters.includes(reporter)) continue;
    const sink = sinkFor(name);
    try {
      write(sink);
    } finally {
      sink.close();
    }
  }
  return { head, agg, paths };
}
