/**
 * The scenario library through the harness CLI, once per model mode: `npm run scenarios -- --model
 * <mode> --reporter json --out <dir>`; wall time of the command, the run's own duration, and the
 * median scenario duration from the JSON report. Unavailable (not failing) while the harness is not there.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunReport } from '../harness/report-schema.js';
import { median } from './stats.js';

export type ScenarioBench =
  | {
      ok: true;
      mode: string;
      wallMs: number;
      runMs: number;
      scenarios: number;
      passed: number;
      medianMs: number;
      maxMs: number;
      slowest: string;
    }
  | { ok: false; mode: string; reason: string };

/** `jobs` = scenarios run at once (the CLI's default when undefined); 1 gives each scenario's own time. */
export async function benchScenarios(mode: string, jobs?: number, timeoutMs = 120_000): Promise<ScenarioBench> {
  if (!existsSync('harness/cli.ts')) return { ok: false, mode, reason: 'harness/cli.ts is not there yet' };
  const dir = mkdtempSync(join(tmpdir(), 'bench-scenarios-'));
  // --out names a directory; the JSON reporter writes report.json into it.
  const out = join(dir, 'report.json');
  try {
    const t0 = performance.now();
    const { code, output } = await run(
      'npm',
      [
        'run',
        '--silent',
        'scenarios',
        '--',
        '--model',
        mode,
        '--reporter',
        'json',
        '--out',
        dir,
        ...(jobs ? ['--jobs', String(jobs)] : []),
      ],
      timeoutMs,
    );
    const wallMs = performance.now() - t0;
    if (!existsSync(out))
      return {
        ok: false,
        mode,
        reason: `no JSON report (exit ${code}): ${output.trim().split('\n').slice(-2).join(' ').slice(0, 200)}`,
      };
    const parsed = RunReport.safeParse(JSON.parse(readFileSync(out, 'utf8')));
    if (!parsed.success)
      return {
        ok: false,
        mode,
        reason: `report does not match the RunReport schema: ${parsed.error.issues[0]?.message ?? ''}`,
      };
    const report = parsed.data;
    if (report.runs.length === 0) return { ok: false, mode, reason: 'the report has no runs' };
    const durations = report.runs.map((r) => r.duration_ms);
    const slowest = report.runs.reduce((a, b) => (b.duration_ms > a.duration_ms ? b : a));
    return {
      ok: true,
      mode,
      wallMs,
      runMs: report.duration_ms,
      scenarios: report.summaries.length,
      passed: report.totals.passed,
      medianMs: median(durations),
      maxMs: slowest.duration_ms,
      slowest: slowest.name,
    };
  } catch (err) {
    return { ok: false, mode, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    p.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    p.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    const timer = setTimeout(() => {
      p.kill('SIGTERM');
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    p.once('error', reject);
    p.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
