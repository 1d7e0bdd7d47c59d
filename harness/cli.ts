/**
 * `npm run scenarios -- [files or globs] [options]` and `npm run scenarios -- merge DIR... --out DIR`.
 * Runs every scenario in every cell (model × system prompt variant) `--repeat` times, streams each
 * finished run to the output folder, then writes the reports and an end summary. Exit code 0 when
 * every counted run passed (or, with --threshold, the threshold was met); 1 otherwise; 2 for bad
 * flags or files.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  parseCli,
  parseThreshold,
  reportersOf,
  USAGE,
  UsageError,
  type CliOptions,
  type Reporter,
} from './cli-options.js';
import { Judge } from './judge.js';
import { loadScenarios, ScenarioLoadError } from './load.js';
import { cellsOf, inShard, jobsOf } from './matrix.js';
import { openaiModel } from './models/index.js';
import { stopLlmServer } from './models/llm-server.js';
import { RateLimitTracker } from './models/retry.js';
import { pricesFor } from './prices.js';
import { progressLine, prettyResult, prettySummary } from './reporters/pretty.js';
import { finalize, type ThresholdSpec } from './report-writer.js';
import { RUNS_FILE, RunWriter } from './run-store.js';
import { runJobs, skippedRun } from './runner.js';
import { scenarioFileName, transcriptToScenario, TranscriptError } from './transcript-to-scenario.js';

export { DEFAULT_JOBS, expandPattern, parseCli, USAGE, UsageError, type CliOptions } from './cli-options.js';
export interface Output {
  /** Reports that go to stdout (json/junit without --out). */
  stdout: (s: string) => void;
  /** Progress, results and the summary: stdout, or stderr when stdout carries a report. */
  talk: (s: string) => void;
  tty: boolean;
}

function output(
  write: (s: string) => void,
  writeErr: (s: string) => void,
  reporters: readonly Reporter[],
  out: string | undefined,
): Output {
  const reportOnStdout = !out && reporters.some((r) => r !== 'pretty');
  const talk = reportOnStdout ? writeErr : write;
  return { stdout: write, talk, tty: (reportOnStdout ? process.stderr.isTTY : process.stdout.isTTY) === true };
}

/** Runs the CLI; returns the exit code. Reports go through `write` (stdout), talk through `writeErr` when stdout carries a report. */
export async function main(
  argv: string[],
  write: (s: string) => void = (s) => process.stdout.write(s),
  writeErr: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  if (argv[0] === 'merge') return merge(argv.slice(1), write, writeErr);
  let opts: CliOptions;
  try {
    opts = parseCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    write(`${e.message ? `error: ${e.message}\n\n` : ''}${USAGE}\n`);
    return 2;
  }
  if (opts.fromTranscript !== undefined) return convertTranscript(opts.fromTranscript, opts.out, write);
  let loaded;
  try {
    loaded = loadScenarios(opts.files);
  } catch (e) {
    if (!(e instanceof ScenarioLoadError)) throw e;
    write(`error: invalid scenario file(s):\n${e.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 2;
  }
  const io = output(write, writeErr, opts.reporters, opts.out);
  const pretty = opts.reporters.includes('pretty');
  const cells = cellsOf(opts.models, opts.prompts);
  const jobs = jobsOf(loaded, cells, opts.repeat, opts.userModel).filter((j) => inShard(j.index, opts.shard));
  const dir = opts.out ?? mkdtempSync(join(tmpdir(), 'harness-run-'));
  const writer = new RunWriter(dir);
  const started = new Date();
  const t0 = performance.now();
  const judgeLimits = new RateLimitTracker();
  const judge = opts.judge
    ? new Judge(opts.judge, openaiModel(opts.judge, process.env, judgeLimits, undefined, 'judge'), opts.judgeCache)
    : undefined;
  let failed = 0;
  let skipped = 0;
  const every = (total: number) => Math.max(1, Math.ceil(total / 10));
  try {
    await runJobs(
      jobs,
      {
        record: opts.record && opts.models[0] !== 'demo' && opts.models[0] !== 'replay',
        recordUser: opts.record && opts.userModel?.startsWith('openai:') === true,
        concurrency: opts.jobs,
        prices: opts.prices,
        ...(judge ? { judge } : {}),
        ...(opts.userModel ? { userModel: opts.userModel } : {}),
        onStart: (total, skip) => {
          skipped = skip;
          io.talk(
            `${opts.shard ? `shard ${opts.shard.k}/${opts.shard.n}: ` : ''}${progressLine(0, total, 0, skip)}${io.tty ? '\r' : '\n'}`,
          );
        },
        onResult: (run, done, total) => {
          writer.add(run);
          if (!run.passed && run.outcome !== 'rate_limited') failed++;
          if (pretty) io.talk(`${io.tty ? '\x1b[2K' : ''}${prettyResult(run, opts.repeat, io.tty)}\n`);
          if (io.tty && done < total) io.talk(`${progressLine(done, total, failed, skipped)}\r`);
          else if (!pretty && !io.tty && (done % every(total) === 0 || done === total))
            io.talk(`${progressLine(done, total, failed, skipped)}\n`);
        },
      },
      () => {},
    );
    writer.finish({
      version: 1,
      models: opts.models,
      prompts: opts.prompts,
      repeat: opts.repeat,
      total_jobs: cells.length * loaded.length * opts.repeat,
      ...(opts.shard ? { shard: opts.shard } : {}),
      started_at: started.toISOString(),
      duration_ms: Math.round(performance.now() - t0),
      files: loaded.map((l) => l.file),
      prices: pricesFor(opts.models, opts.prices),
      skipped: jobs.filter((j) => j.skip).map(skippedRun),
      ...(opts.judge ? { judge: opts.judge } : {}),
      ...(opts.userModel ? { user_model: opts.userModel } : {}),
    });
    if (io.tty) io.talk('\x1b[2K');
    const done = finalize([dir], {
      reporters: opts.reporters,
      out: opts.out,
      threshold: opts.threshold,
      stdout: io.stdout,
      partial: true,
    });
    io.talk(`${prettySummary(done.head, io.tty)}\n`);
    if (judge)
      io.talk(
        `judge ${opts.judge}: ${judge.requests} request(s), the rest from ${opts.judgeCache}${judgeLimits.retries ? `; ${judgeLimits.retries} 429 retries` : ''}\n`,
      );
    const paths = opts.out ? [join(dir, RUNS_FILE), join(dir, 'meta.json'), ...done.paths] : [];
    for (const p of paths) io.talk(`wrote ${p}\n`);
    return done.head.passed ? 0 : 1;
  } finally {
    await stopLlmServer();
    if (!opts.out) rmSync(dir, { recursive: true, force: true });
  }
}

/** `merge DIR... --out DIR`: one report (and JUnit file) from the output folders of a run's shards. */
async function merge(argv: string[], write: (s: string) => void, writeErr: (s: string) => void): Promise<number> {
  let dirs: string[];
  let out: string;
  let reporters: Reporter[];
  let threshold: ThresholdSpec | undefined;
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { out: { type: 'string' }, reporter: { type: 'string' }, threshold: { type: 'string' } },
    });
    dirs = parsed.positionals;
    if (dirs.length === 0) throw new UsageError('merge needs the output folders of the shards');
    if (!parsed.values.out) throw new UsageError('merge needs --out DIR');
    out = parsed.values.out;
    reporters = reportersOf(parsed.values.reporter, 'json,junit');
    threshold = parseThreshold(parsed.values.threshold);
  } catch (e) {
    write(`error: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const io = output(write, writeErr, reporters, out);
  let done;
  try {
    done = finalize(dirs, { reporters, out, threshold, stdout: io.stdout });
  } catch (e) {
    write(`error: cannot merge: ${(e as Error).message}\n`);
    return 2;
  }
  io.talk(
    `merged ${dirs.length} folder(s)${done.head.shards ? ` (shards ${done.head.shards.join(', ')})` : ''}\n${prettySummary(done.head, io.tty)}\n`,
  );
  for (const p of done.paths) io.talk(`wrote ${p}\n`);
  return done.head.passed ? 0 : 1;
}

/** `--from-transcript FILE`: the scenario YAML to stdout (or DIR/<name>.yaml), review notes as comments. */
function convertTranscript(file: string, out: string | undefined, write: (s: string) => void): number {
  let converted;
  try {
    converted = transcriptToScenario(readFileSync(file, 'utf8'), file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!(e instanceof TranscriptError || e instanceof ScenarioLoadError || code)) throw e;
    write(`error: ${code ? `cannot read ${file} (${code})` : (e as Error).message}\n`);
    return 2;
  }
  const notes = converted.notes.map((n) => `# NOTE: ${n}\n`).join('');
  const text = converted.yaml.replace(/\n/, `\n${notes}`);
  if (out === undefined) write(text);
  else {
    mkdirSync(out, { recursive: true });
    const path = join(out, scenarioFileName(text));
    writeFileSync(path, text);
    write(`wrote ${path}\n${notes}`);
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    // Exit only once stdout is flushed: a piped JSON report would be cut short otherwise.
    (code) => process.stdout.write('', () => process.exit(code)),
    (e: unknown) => {
      process.stderr.write(`harness error: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(2);
    },
  );
}
