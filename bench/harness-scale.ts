/**
 * The harness at scale: the library with the demo model × 1, × 10 and × 50 (`--repeat`), each in a
 * fresh process capped like `npm run scenarios`: peak resident memory (should stay flat: runs stream
 * to runs.jsonl) and wall time. Then sharding: the × 10 run as two shards one after the other plus
 * `merge`, against the unsharded run (the overhead a CI matrix pays per extra machine).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { RunReport } from '../harness/report-schema.js';
import { row, type Row } from './results.js';
import { round } from './stats.js';

const Result = z.object({ code: z.number(), maxRssKb: z.number(), cpuMs: z.number() });

interface Measured {
  code: number;
  peakMb: number;
  wallMs: number;
  /** CPU time of the process: unlike wall time, barely moved by other work on a shared machine. */
  cpuMs: number;
}

function child(args: string[], timeoutMs: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const result = join(dir, 'result.json');
  const t0 = performance.now();
  return new Promise<Measured>((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--max-old-space-size=256', '--import', 'tsx', 'bench/harness-scale-child.ts', ...args],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, BENCH_RESULT: result, NO_COLOR: '1' },
      },
    );
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    const timer = setTimeout(() => p.kill('SIGTERM'), timeoutMs);
    p.once('error', reject);
    p.once('exit', () => {
      clearTimeout(timer);
      try {
        const r = Result.parse(JSON.parse(readFileSync(result, 'utf8')));
        resolve({ code: r.code, peakMb: r.maxRssKb / 1024, wallMs: performance.now() - t0, cpuMs: r.cpuMs });
      } catch {
        reject(
          new Error(`the harness run did not finish: ${err.trim().split('\n').slice(-2).join(' ').slice(0, 200)}`),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

function totals(out: string): { runs: number; passed: number } {
  const r = RunReport.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
  return { runs: r.totals.runs, passed: r.totals.passed };
}

export async function benchHarnessScale(
  progress: (line: string) => void,
  repeats = [1, 10, 50],
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const g = 'harness scale (demo)';
  const work = mkdtempSync(join(tmpdir(), 'bench-harness-'));
  try {
    let ten: Measured | undefined;
    for (const repeat of repeats) {
      const out = join(work, `r${repeat}`);
      progress(`harness scale: the library × ${repeat} with --model demo`);
      const m = await child(
        ['--model', 'demo', '--repeat', String(repeat), '--reporter', 'json', '--out', out],
        900_000,
      );
      const t = totals(out);
      details[`repeat_${repeat}`] = { ...m, ...t };
      if (repeat === 10) ten = m;
      rows.push(
        row(g, `${t.runs} runs: peak memory`, m.peakMb, 'MB', { op: '<', limit: 300 }, `${t.passed}/${t.runs} passed`),
        row(
          g,
          `${t.runs} runs: wall time`,
          m.wallMs / 1000,
          's',
          undefined,
          `${round(m.wallMs / t.runs, 0)} ms per run; CPU ${round(m.cpuMs / 1000, 1)} s`,
        ),
      );
    }
    if (ten !== undefined) {
      progress('harness scale: the × 10 run again as shards 1/2 and 2/2, one after the other, then merge');
      const s1 = await child(
        ['--model', 'demo', '--repeat', '10', '--shard', '1/2', '--reporter', 'json', '--out', join(work, 's1')],
        900_000,
      );
      const s2 = await child(
        ['--model', 'demo', '--repeat', '10', '--shard', '2/2', '--reporter', 'json', '--out', join(work, 's2')],
        900_000,
      );
      const merged = await child(
        ['merge', join(work, 's1'), join(work, 's2'), '--out', join(work, 'merged'), '--reporter', 'json,junit'],
        300_000,
      );
      const t = totals(join(work, 'merged'));
      details.sharding = { shard1: s1, shard2: s2, merge: merged, unsharded: ten, ...t };
      // CPU time: the shards ran minutes after the unsharded run, so wall time would mostly measure the machine's load.
      const overhead = s1.cpuMs + s2.cpuMs + merged.cpuMs - ten.cpuMs;
      rows.push(
        row(
          g,
          'sharding overhead: CPU of 2 shards + merge minus unsharded (×10)',
          overhead / 1000,
          's',
          undefined,
          `${round((overhead / ten.cpuMs) * 100, 1)}% of the unsharded run's ${round(ten.cpuMs / 1000, 1)} s CPU; shards ${round(s1.cpuMs / 1000, 1)} + ${round(s2.cpuMs / 1000, 1)} s, merge ${round(merged.cpuMs / 1000, 1)} s; merged ${t.passed}/${t.runs} passed`,
        ),
        row(
          g,
          'merge of 2 shards (×10): wall time / peak memory',
          merged.wallMs / 1000,
          's',
          undefined,
          `peak ${round(merged.peakMb, 0)} MB`,
        ),
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { rows, details };
}
