/**
 * `npm run scenarios -- [files or globs] [--model demo|scripted|replay|openai:NAME] [--repeat N]
 * [--record] [--reporter pretty|json|junit] [--out DIR] [--jobs N]`. Exit code 0 only when every
 * selected scenario run passed; 1 when one failed; 2 for bad flags or files.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadScenarios, ScenarioLoadError } from './load.js';
import { globToRegExp } from './match.js';
import { isModelName } from './models/index.js';
import { stopLlmServer } from './models/llm-server.js';
import { progressLine, prettyResult, prettySummary } from './reporters/pretty.js';
import { junitReport } from './reporters/junit.js';
import { runAll } from './runner.js';
import { scenarioFileName, transcriptToScenario, TranscriptError } from './transcript-to-scenario.js';

export const USAGE = `usage: npm run scenarios -- [files or globs] [options]
  --model demo|scripted|replay|openai:NAME   model to run (default demo)
  --repeat N                                 run each scenario N times, report pass rates
  --record                                   write cassettes (scenarios/cassettes/) from an openai: or scripted run
  --reporter pretty|json|junit               output format; several with commas (default pretty)
  --out DIR                                  write report.json / junit.xml into DIR instead of stdout
  --jobs N                                   scenarios run at once (default: CPU count, at most 4)
  --from-transcript FILE                     write a scripted scenario made from an agent transcript
                                             (.data/transcripts/<id>.jsonl) to stdout, or into --out DIR`;

/** More scenarios at once than cores only stretches each run's time: the work is CPU-bound. */
export const DEFAULT_JOBS = Math.max(1, Math.min(4, availableParallelism()));

export class UsageError extends Error {}

export interface CliOptions {
  files: string[];
  model: string;
  repeat: number;
  record: boolean;
  reporters: ('pretty' | 'json' | 'junit')[];
  out?: string;
  jobs: number;
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

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        model: { type: 'string' },
        repeat: { type: 'string' },
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
  const model = v.model ?? 'demo';
  if (!isModelName(model)) throw new UsageError(`unknown model "${model}": use demo, scripted, replay or openai:NAME`);
  if (v.record && (model === 'demo' || model === 'replay')) throw new UsageError('--record needs --model openai:NAME (or scripted)');
  const reporters = (v.reporter ?? 'pretty').split(',').map((r) => r.trim());
  for (const r of reporters) if (r !== 'pretty' && r !== 'json' && r !== 'junit') throw new UsageError(`unknown reporter "${r}": use pretty, json or junit`);
  const fromTranscript = v['from-transcript'];
  if (fromTranscript !== undefined && parsed.positionals.length > 0) throw new UsageError('--from-transcript takes no scenario files');
  const patterns = fromTranscript !== undefined ? [] : parsed.positionals.length > 0 ? parsed.positionals : ['scenarios/*.yaml'];
  const files = [...new Set(patterns.flatMap(expandPattern))];
  return {
    files,
    model,
    repeat: positiveInt('--repeat', v.repeat, 1),
    record: v.record ?? false,
    reporters: reporters as CliOptions['reporters'],
    out: v.out,
    jobs: positiveInt('--jobs', v.jobs, DEFAULT_JOBS),
    ...(fromTranscript !== undefined ? { fromTranscript } : {}),
  };
}

/** Runs the CLI; returns the exit code. Output goes through `write` (stdout by default). */
export async function main(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
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
  const pretty = opts.reporters.includes('pretty') || (opts.out === undefined && opts.reporters.length === 0);
  const tty = pretty && process.stdout.isTTY === true;
  let failed = 0;
  try {
    const report = await runAll(loaded, {
      model: opts.model,
      repeat: opts.repeat,
      record: opts.record,
      concurrency: opts.jobs,
      onStart: (total) => pretty && write(`${progressLine(0, total, 0)}${tty ? '\r' : '\n'}`),
      onResult: (run, done, total) => {
        if (!run.passed) failed++;
        if (!pretty) return;
        write(`${tty ? '\x1b[2K' : ''}${prettyResult(run, opts.repeat, tty)}\n`);
        if (tty && done < total) write(`${progressLine(done, total, failed)}\r`);
      },
    });
    if (pretty) write(`${prettySummary(report, tty)}\n`);
    const outputs: [string, string][] = [];
    if (opts.reporters.includes('json')) outputs.push(['report.json', `${JSON.stringify(report, null, 2)}\n`]);
    if (opts.reporters.includes('junit')) outputs.push(['junit.xml', junitReport(report)]);
    for (const [name, text] of outputs) {
      if (opts.out) {
        mkdirSync(opts.out, { recursive: true });
        writeFileSync(join(opts.out, name), text);
        if (pretty) write(`wrote ${join(opts.out, name)}\n`);
      } else write(text);
    }
    return report.passed ? 0 : 1;
  } finally {
    stopLlmServer();
  }
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
