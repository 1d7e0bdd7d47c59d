/**
 * `npm run scenarios -- [files or globs] [options]` and `npm run scenarios -- merge DIR... --out DIR`.
 * Runs every scenario in every cell (model × system prompt variant) `--repeat` times, streams each
 * finished run to the output folder, then writes the reports and an end summary. Exit code 0 when
 * every counted run passed (or, with --threshold, the threshold was met); 1 otherwise; 2 for bad
 * flags or files.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_JUDGE_CACHE, Judge } from './judge.js';
import { loadScenarios, ScenarioLoadError } from './load.js';
import { globToRegExp } from './match.js';
import { cellsOf, DEFAULT_PROMPT, inShard, jobsOf, parseShard, type PromptVariant, type Shard } from './matrix.js';
import { isModelName, isUserModelName, openaiModel } from './models/index.js';
import { stopLlmServer } from './models/llm-server.js';
import { RateLimitTracker } from './models/retry.js';
import { DEFAULT_PRICES, loadPrices, pricesFor, type PriceTable } from './prices.js';
import { progressLine, prettyResult, prettySummary } from './reporters/pretty.js';
import { finalize, type ThresholdSpec } from './report-writer.js';
import { RUNS_FILE, RunWriter } from './run-store.js';
import { runJobs, skippedRun } from './runner.js';
import { scenarioFileName, transcriptToScenario, TranscriptError } from './transcript-to-scenario.js';
export const USAGE = `usage: npm run scenarios -- [files or globs] [options]
  --model M[,M...]                           demo|scripted|replay|openai:NAME; several make a matrix (default demo)
  --prompt NAME=FILE[,...]                   system prompt variants (\`default\` = the agent's own prompt)
  --repeat N                                 run each scenario N times per cell, report pass rates
  --threshold R | scenario:R                 exit 0 when every cell (or every scenario in every cell) passes at rate >= R
  --judge openai:NAME                        grade judge: rubrics with this model (cached in --judge-cache DIR)
  --user-model openai:NAME|replay            the model playing the user in simulate: steps (replay: its cassette)
  --prices FILE                              USD per 1M tokens by model (JSON/YAML), over the built-in table
  --shard K/N                                run only the K-th of N deterministic slices (merge them later)
  --record                                   write cassettes (scenarios/cassettes/) of the openai: or scripted agent
                                             model and of an openai: --user-model
  --reporter pretty|json|junit               output format; several with commas (default pretty)
  --out DIR                                  write runs.jsonl (as runs end), report.json, junit.xml into DIR
  --jobs N                                   scenarios run at once (default: CPU count, at most 4)
  --from-transcript FILE                     write a scripted scenario made from an agent transcript
                                             (.data/transcripts/<id>.jsonl) to stdout, or into --out DIR
usage: npm run scenarios -- merge DIR... --out DIR [--reporter json,junit] [--threshold R]
                                             one report and one JUnit file from the shards' output folders`;

/** More scenarios at once than cores only stretches each run's time: the work is CPU-bound. */
export const DEFAULT_JOBS = Math.max(1, Math.min(4, availableParallelism()));

export class UsageError extends Error {}

type Reporter = 'pretty' | 'json' | 'junit';

export interface CliOptions {
  files: string[];
  models: string[];
  prompts: PromptVariant[];
  repeat: number;
  record: boolean;
  reporters: Reporter[];
  out?: string;
  jobs: number;
  threshold?: ThresholdSpec;
  judge?: string;
  judgeCache: string;
  userModel?: string;
  prices: PriceTable;
  shard?: Shard;
  fromTranscript?: string;
}

function positiveInt(flag: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`${flag} needs a whole number >= 1, got "${v}"`);
  return Number(v);
}

/** Expands a file, a directory (its *.yaml) or a glob in the last path segment. */
export function expandPattern(pattern: string): string[] {
  if (!/[*?]/.test(pattern)) {
    if (!existsSync(pattern)) throw new UsageError(`no such scenario file: ${pattern}`);
    if (statSync(pattern).isDirectory()) return expandPattern(join(pattern, '*.yaml'));
    return [pattern];
  }
  const dir = dirname(pattern);
  if (/[*?]/.test(dir)) throw new UsageError(`globs are supported in the file name only: ${pattern}`);
  const re = globToRegExp(basename(pattern));
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => join(dir, f)) : [];
  if (found.length === 0) throw new UsageError(`no scenario file matches ${pattern}`);
  return found;
}

const list = (v: string | undefined) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);

export function parsePrompts(v: string | undefined): PromptVariant[] {
  if (v === undefined) return [DEFAULT_PROMPT];
  const out: PromptVariant[] = [];
  for (const entry of list(v)) {
    const m = /^([A-Za-z0-9_.-]+)(?:=(.+))?$/.exec(entry);
    if (!m?.[1]) throw new UsageError(`--prompt needs NAME=FILE (or default), got "${entry}"`);
    const [, name, file] = m;
    if (file === undefined && name !== 'default') throw new UsageError(`--prompt ${name} needs a file: ${name}=FILE`);
    if (file !== undefined && !existsSync(file)) throw new UsageError(`--prompt ${name}: no such file ${file}`);
    if (out.some((p) => p.name === name)) throw new UsageError(`--prompt names must differ: ${name} twice`);
    out.push(file === undefined ? { name } : { name, file });
  }
  if (out.length === 0) throw new UsageError('--prompt needs at least one NAME=FILE');
  return out;
}

export function parseThreshold(v: string | undefined): ThresholdSpec | undefined {
  if (v === undefined) return undefined;
  const t: ThresholdSpec = {};
  for (const part of list(v)) {
    const m = /^(?:(overall|scenario):)?(\d*\.?\d+)$/.exec(part);
    const r = Number(m?.[2]);
    if (!m || !(r >= 0 && r <= 1)) throw new UsageError(`--threshold needs a rate between 0 and 1 (R or scenario:R), got "${part}"`);
    t[m[1] === 'scenario' ? 'scenario' : 'overall'] = r;
  }
  return t;
}

function openaiFlag(flag: string, v: string | undefined): string | undefined {
  if (v !== undefined && !/^openai:.+/.test(v)) throw new UsageError(`${flag} needs openai:NAME (any OpenAI-compatible server via OPENAI_BASE_URL), got "${v}"`);
  return v;
}

function reportersOf(v: string | undefined, fallback: string): Reporter[] {
  const reporters = list(v ?? fallback);
  for (const r of reporters) if (r !== 'pretty' && r !== 'json' && r !== 'junit') throw new UsageError(`unknown reporter "${r}": use pretty, json or junit`);
  return reporters as Reporter[];
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        model: { type: 'string' },
        prompt: { type: 'string' },
        repeat: { type: 'string' },
        threshold: { type: 'string' },
        judge: { type: 'string' },
        'judge-cache': { type: 'string' },
        'user-model': { type: 'string' },
        prices: { type: 'string' },
        shard: { type: 'string' },
        record: { type: 'boolean' },
        reporter: { type: 'string' },
        out: { type: 'string' },
        jobs: { type: 'string' },
        'from-transcript': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) throw new UsageError('');
  const models = list(v.model ?? 'demo');
  if (models.length === 0) throw new UsageError('--model needs a model name');
  for (const m of models) if (!isModelName(m)) throw new UsageError(`unknown model "${m}": use demo, scripted, replay or openai:NAME`);
  if (new Set(models).size !== models.length) throw new UsageError('--model lists a model twice');
  const prompts = parsePrompts(v.prompt);
  if (v.record && (models.length > 1 || prompts.length > 1)) throw new UsageError('--record writes one cassette per scenario: use one --model and one --prompt');
  const judge = openaiFlag('--judge', v.judge);
  const userModel = v['user-model'];
  if (userModel !== undefined && !isUserModelName(userModel)) throw new UsageError(`--user-model needs openai:NAME or replay, got "${userModel}"`);
  const recordsUser = userModel?.startsWith('openai:') === true;
  if (v.record && (models[0] === 'demo' || models[0] === 'replay') && !recordsUser) throw new UsageError('--record needs --model openai:NAME (or scripted), or --user-model openai:NAME');
  const needsKey = [...models, judge ?? '', userModel ?? ''].some((m) => m.startsWith('openai:'));
  if (needsKey && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) throw new UsageError('openai: models need OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server)');
  let prices = DEFAULT_PRICES;
  let shard: Shard | undefined;
  try {
    if (v.prices !== undefined) prices = loadPrices(v.prices);
    if (v.shard !== undefined) shard = parseShard(v.shard);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const fromTranscript = v['from-transcript'];
  if (fromTranscript !== undefined && parsed.positionals.length > 0) throw new UsageError('--from-transcript takes no scenario files');
  const patterns = fromTranscript !== undefined ? [] : parsed.positionals.length > 0 ? parsed.positionals : ['scenarios/*.yaml'];
  const files = [...new Set(patterns.flatMap(expandPattern))];
  return {
    files,
    models,
    prompts,
    repeat: positiveInt('--repeat', v.repeat, 1),
    record: v.record ?? false,
    reporters: reportersOf(v.reporter, 'pretty'),
    out: v.out,
    jobs: positiveInt('--jobs', v.jobs, DEFAULT_JOBS),
    threshold: parseThreshold(v.threshold),
    ...(judge ? { judge } : {}),
    judgeCache: v['judge-cache'] ?? DEFAULT_JUDGE_CACHE,
    ...(userModel ? { userModel } : {}),
    prices,
    ...(shard ? { shard } : {}),
    ...(fromTranscript !== undefined ? { fromTranscript } : {}),
  };
}

export interface Output {
  /** Reports that go to stdout (json/junit without --out). */
  stdout(s: string): void;
  /** Progress, results and the summary: stdout, or stderr when stdout carries a report. */
  talk(s: string): void;
  tty: boolean;
}

function output(write: (s: string) => void, writeErr: (s: string) => void, reporters: readonly Reporter[], out: string | undefined): Output {
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
  const judge = opts.judge ? new Judge(opts.judge, openaiModel(opts.judge, process.env, judgeLimits), opts.judgeCache) : undefined;
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
          io.talk(`${opts.shard ? `shard ${opts.shard.k}/${opts.shard.n}: ` : ''}${progressLine(0, total, 0, skip)}${io.tty ? '\r' : '\n'}`);
        },
        onResult: (run, done, total) => {
          writer.add(run);
          if (!run.passed && run.outcome !== 'rate_limited') failed++;
          if (pretty) io.talk(`${io.tty ? '\x1b[2K' : ''}${prettyResult(run, opts.repeat, io.tty)}\n`);
          if (io.tty && done < total) io.talk(`${progressLine(done, total, failed, skipped)}\r`);
          else if (!pretty && !io.tty && (done % every(total) === 0 || done === total)) io.talk(`${progressLine(done, total, failed, skipped)}\n`);
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
    const done = finalize([dir], { reporters: opts.reporters, out: opts.out, threshold: opts.threshold, stdout: io.stdout, partial: true });
    io.talk(`${prettySummary(done.head, io.tty)}\n`);
    if (judge) io.talk(`judge ${opts.judge}: ${judge.requests} request(s), the rest from ${opts.judgeCache}${judgeLimits.retries ? `; ${judgeLimits.retries} 429 retries` : ''}\n`);
    const paths = opts.out ? [join(dir, RUNS_FILE), join(dir, 'meta.json'), ...done.paths] : [];
    for (const p of paths) io.talk(`wrote ${p}\n`);
    return done.head.passed ? 0 : 1;
  } finally {
    stopLlmServer();
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
    const parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { out: { type: 'string' }, reporter: { type: 'string' }, threshold: { type: 'string' } } });
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
  io.talk(`merged ${dirs.length} folder(s)${done.head.shards ? ` (shards ${done.head.shards.join(', ')})` : ''}\n${prettySummary(done.head, io.tty)}\n`);
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
