/**
 * A run's output folder: `runs.jsonl` (one ScenarioRun per line, appended as each run ends, so a
 * crash loses nothing and memory stays flat) and `meta.json` (settings, shard, skipped runs, timing).
 * Reading gives the runs back in job-index order without holding them: one pass remembers where each
 * line is, the next reads them one by one.
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ScenarioRun, SkippedRun } from './report-schema.js';
import { PriceTable } from './prices.js';

export const RUNS_FILE = 'runs.jsonl';
export const META_FILE = 'meta.json';

export const RunMeta = z.object({
  version: z.literal(1),
  models: z.array(z.string()).min(1),
  prompts: z.array(z.object({ name: z.string(), file: z.string().optional() })).min(1),
  repeat: z.number().int().min(1),
  /** Jobs in the whole (unsharded) list, skipped ones included. */
  total_jobs: z.number().int().min(0),
  shard: z.object({ k: z.number().int().min(1), n: z.number().int().min(1) }).optional(),
  started_at: z.string(),
  duration_ms: z.number().min(0),
  files: z.array(z.string()),
  prices: PriceTable,
  skipped: z.array(SkippedRun),
  judge: z.string().optional(),
  user_model: z.string().optional(),
});
export type RunMeta = z.infer<typeof RunMeta>;

export class RunWriter {
  readonly path: string;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, RUNS_FILE);
    writeFileSync(this.path, '');
  }

  add(run: ScenarioRun): void {
    // `index` first: readers find it without parsing the whole line.
    appendFileSync(this.path, `${JSON.stringify({ index: run.index, ...run })}\n`);
  }

  finish(meta: RunMeta): void {
    writeFileSync(join(this.dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
  }
}

export function readMeta(dir: string): RunMeta {
  const file = join(dir, META_FILE);
  if (!existsSync(file))
    throw new Error(`${dir} has no ${META_FILE}: not a harness output folder (or the run did not finish)`);
  const parsed = RunMeta.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

interface Where {
  index: number;
  file: string;
  offset: number;
  length: number;
}

/** Byte ranges of every line of a JSON-lines file, with the `index` each run carries. */
function scan(file: string): Where[] {
  const out: Where[] = [];
  const fd = openSync(file, 'r');
  const chunk = Buffer.alloc(1 << 20);
  let pos = 0;
  let lineStart = 0;
  let carry = Buffer.alloc(0);
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) break;
      let from = 0;
      for (let i = 0; i < n; i++) {
        if (chunk[i] !== 0x0a) continue;
        const line = Buffer.concat([carry, chunk.subarray(from, i)]);
        carry = Buffer.alloc(0);
        const index = lineIndex(line);
        out.push({ index, file, offset: lineStart, length: line.length });
        lineStart = pos + i + 1;
        from = i + 1;
      }
      carry = Buffer.concat([carry, chunk.subarray(from, n)]);
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  if (carry.length > 0) throw new Error(`${file}: the last line is cut short (the run was interrupted)`);
  return out;
}

/** The `index` of a serialized run: written as its first key, so only the head is read. */
function lineIndex(line: Buffer): number {
  const m = /^\{"index":(\d+)[,}]/.exec(line.subarray(0, 32).toString('latin1'));
  if (m?.[1] !== undefined) return Number(m[1]);
  const run = JSON.parse(line.toString('utf8')) as { index?: unknown };
  if (typeof run.index !== 'number') throw new Error('a run in runs.jsonl has no index');
  return run.index;
}

/** Every run of the folders, ordered by job index; each is read and parsed only when reached. */
export function* readRuns(dirs: readonly string[]): Generator<ScenarioRun> {
  const all = dirs.flatMap((d) => scan(join(d, RUNS_FILE))).sort((a, b) => a.index - b.index);
  for (let i = 1; i < all.length; i++)
    if (all[i]?.index === all[i - 1]?.index)
      throw new Error(`run ${all[i]?.index} appears twice (the same shard given twice?)`);
  const fds = new Map<string, number>();
  try {
    for (const w of all) {
      let fd = fds.get(w.file);
      if (fd === undefined) fds.set(w.file, (fd = openSync(w.file, 'r')));
      const buf = Buffer.alloc(w.length);
      readSync(fd, buf, 0, w.length, w.offset);
      yield ScenarioRun.parse(JSON.parse(buf.toString('utf8')));
    }
  } finally {
    for (const fd of fds.values()) closeSync(fd);
  }
}
