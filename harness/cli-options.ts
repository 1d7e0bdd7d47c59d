/**
 * The harness CLI's flags: parsing and checking them (zod-free: node's parseArgs plus clear
 * messages), the usage text, and expanding scenario file globs. Bad input is a `UsageError` (exit 2).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_JUDGE_CACHE } from './judge.js';
import { globToRegExp } from './match.js';
import { DEFAULT_PROMPT, parseShard, type PromptVariant, type Shard } from './matrix.js';
import { endpointFor, isModelName, isUserModelName, type EndpointRole } from './models/index.js';
import { DEFAULT_PRICES, loadPrices, type PriceTable } from './prices.js';
import type { ThresholdSpec } from './report-writer.js';

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

export type Reporter = 'pretty' | 'json' | 'junit';

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
  const found = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => re.test(f))
        .sort()
        .map((f) => join(dir, f))
    : [];
  if (found.length === 0) throw new UsageError(`no scenario file matches ${pattern}`);
  return found;
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

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
    if (!m || !(r >= 0 && r <= 1))
      throw new UsageError(`--threshold needs a rate between 0 and 1 (R or scenario:R), got "${part}"`);
    t[m[1] === 'scenario' ? 'scenario' : 'overall'] = r;
  }
  return t;
}

function openaiFlag(flag: string, v: string | undefined): string | undefined {
  if (v !== undefined && !/^openai:.+/.test(v))
    throw new UsageError(`${flag} needs openai:NAME (any OpenAI-compatible server via OPENAI_BASE_URL), got "${v}"`);
  return v;
}

export function reportersOf(v: string | undefined, fallback: string): Reporter[] {
  const reporters = list(v ?? fallback);
  for (const r of reporters)
    if (r !== 'pretty' && r !== 'json' && r !== 'junit')
      throw new UsageError(`unknown reporter "${r}": use pretty, json or junit`);
  return reporters as Reporter[];
}

/** The space-separated names as a literal union, so parseArgs keeps each option's type. */
type Words<S extends string> = S extends `${infer Head} ${infer Tail}` ? Head | Words<Tail> : S;

type StringOption = { type: 'string' };

/** parseArgs options taking a string value, one for each space-separated name. */
function stringOptions<const S extends string>(names: S): Record<Words<S>, StringOption> {
  return Object.fromEntries(names.split(' ').map((n) => [n, { type: 'string' }])) as Record<Words<S>, StringOption>;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        // Which runs: models, prompts, repetitions, the judge and the user simulator, a shard of the set.
        ...stringOptions('model prompt repeat threshold judge judge-cache user-model prices shard'),
        // Where results go, how many run at once, and a transcript to replay.
        ...stringOptions('reporter out jobs from-transcript'),
        record: { type: 'boolean' },
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
  for (const m of models)
    if (!isModelName(m)) throw new UsageError(`unknown model "${m}": use demo, scripted, replay or openai:NAME`);
  if (new Set(models).size !== models.length) throw new UsageError('--model lists a model twice');
  const prompts = parsePrompts(v.prompt);
  if (v.record && (models.length > 1 || prompts.length > 1))
    throw new UsageError('--record writes one cassette per scenario: use one --model and one --prompt');
  const judge = openaiFlag('--judge', v.judge);
  const userModel = v['user-model'];
  if (userModel !== undefined && !isUserModelName(userModel))
    throw new UsageError(`--user-model needs openai:NAME or replay, got "${userModel}"`);
  const recordsUser = userModel?.startsWith('openai:') === true;
  if (v.record && (models[0] === 'demo' || models[0] === 'replay') && !recordsUser)
    throw new UsageError('--record needs --model openai:NAME (or scripted), or --user-model openai:NAME');
  const reachable = (role: EndpointRole) => Object.keys(endpointFor(role, env)).length > 0;
  const missing = [
    models.some((m) => m.startsWith('openai:')) && !reachable('agent') ? 'OPENAI_API_KEY (or OPENAI_BASE_URL)' : '',
    judge && !reachable('judge') ? 'JUDGE_OPENAI_API_KEY or OPENAI_API_KEY (or a *_BASE_URL) for --judge' : '',
    userModel?.startsWith('openai:') && !reachable('user')
      ? 'USER_MODEL_OPENAI_API_KEY or OPENAI_API_KEY (or a *_BASE_URL) for --user-model'
      : '',
  ].filter(Boolean);
  if (missing.length) throw new UsageError(`openai: models need ${missing.join('; ')}`);
  let prices = DEFAULT_PRICES;
  let shard: Shard | undefined;
  try {
    if (v.prices !== undefined) prices = loadPrices(v.prices);
    if (v.shard !== undefined) shard = parseShard(v.shard);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const fromTranscript = v['from-transcript'];
  if (fromTranscript !== undefined && parsed.positionals.length > 0)
    throw new UsageError('--from-transcript takes no scenario files');
  const patterns =
    fromTranscript !== undefined ? [] : parsed.positionals.length > 0 ? parsed.positionals : ['scenarios/*.yaml'];
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
