/**
 * Runs jobs (scenario × cell × attempt) with bounded concurrency, handing each finished run to a
 * sink as soon as it ends: nothing is kept here, so a run of thousands stays flat in memory. `runAll`
 * is the small in-memory form (tests, the viewer's fixtures): one model, every run in the report.
 */
import { Aggregator } from './aggregate.js';
import { recycleFetchAgent } from './dispatcher.js';
import type { Judge } from './judge.js';
import type { LoadedScenario } from './load.js';
import { cellsOf, DEFAULT_PROMPT, jobsOf, type Job } from './matrix.js';
import type { ModelOptions } from './models/index.js';
import { costOf, DEFAULT_PRICES, pricesFor, type PriceTable } from './prices.js';
import type { RunReport, ScenarioRun, SkippedRun } from './report-schema.js';
import { reportHead } from './report-writer.js';
import { runScenario } from './run-scenario.js';

export { runScenario, type RunScenarioOptions } from './run-scenario.js';

/** Runs between fresh fetch agents (see dispatcher.ts). */
const RECYCLE_EVERY = 16;

export interface RunJobsOptions extends ModelOptions {
  concurrency?: number;
  judge?: Judge;
  userModel?: string;
  recordUser?: boolean;
  prices?: PriceTable;
  onStart?(total: number, skipped: number): void;
  onResult?(run: ScenarioRun, done: number, total: number): void;
}

export function skippedRun(job: Job): SkippedRun {
  const { scenario, file } = job.loaded;
  return {
    name: scenario.name,
    file,
    behaviors: scenario.behaviors,
    mode: job.cell.model,
    cell: job.cell.id,
    attempt: job.attempt,
    index: job.index,
    reason: job.skip ?? '',
  };
}

/** Runs every job that is not skipped; `sink` gets each run as it ends (in completion order). */
export async function runJobs(
  jobs: readonly Job[],
  opts: RunJobsOptions,
  sink: (run: ScenarioRun) => void,
): Promise<void> {
  const todo = jobs.filter((j) => !j.skip);
  const prices = opts.prices ?? DEFAULT_PRICES;
  opts.onStart?.(todo.length, jobs.length - todo.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < todo.length) {
      const job = todo[next++];
      if (!job) break;
      const run = await runScenario(job.loaded, {
        ...opts,
        mode: job.cell.model,
        cell: job.cell.id,
        prompt: job.cell.prompt,
        attempt: job.attempt,
        index: job.index,
      });
      run.cost_usd = costOf(job.cell.model, run.usage ?? { input_tokens: 0, output_tokens: 0 }, prices);
      sink(run);
      opts.onResult?.(run, ++done, todo.length);
      if (done % RECYCLE_EVERY === 0) recycleFetchAgent();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, todo.length)) }, worker));
}

export interface RunAllOptions extends RunJobsOptions {
  model: string;
  repeat?: number;
}

/** Runs every scenario `repeat` times with one model, holding the runs: for small runs and tests. */
export async function runAll(scenarios: readonly LoadedScenario[], opts: RunAllOptions): Promise<RunReport> {
  const repeat = Math.max(1, opts.repeat ?? 1);
  const started = new Date();
  const t0 = performance.now();
  const cells = cellsOf([opts.model], [DEFAULT_PROMPT]);
  const jobs = jobsOf(scenarios, cells, repeat, opts.userModel);
  const runs: ScenarioRun[] = [];
  await runJobs(jobs, opts, (r) => runs.push(r));
  runs.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const prices = pricesFor([opts.model], opts.prices ?? DEFAULT_PRICES);
  const meta = {
    version: 1 as const,
    models: [opts.model],
    prompts: [DEFAULT_PROMPT],
    repeat,
    total_jobs: jobs.length,
    started_at: started.toISOString(),
    duration_ms: Math.round(performance.now() - t0),
    files: scenarios.map((s) => s.file),
    prices,
    skipped: jobs.filter((j) => j.skip).map(skippedRun),
  };
  const agg = new Aggregator(
    cells.map((c) => ({ id: c.id, model: c.model, prompt: c.prompt.name })),
    prices,
  );
  for (const r of runs) agg.add(r);
  for (const s of meta.skipped) agg.skip(s, { id: s.cell, model: s.mode, prompt: 'default' });
  return { ...reportHead(meta, agg), runs };
}
