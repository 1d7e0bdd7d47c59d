/**
 * `npm start` (its server part, scripts/start.ts, after the build) from launch until the mocks, the
 * navigator and the agent all answer /healthz, on free ports with a fresh data directory; then Ctrl-C
 * (SIGINT): the process must exit on its own and every port must be free again.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartupResult {
  /** ms from spawn until all four /healthz answered 200; undefined when that never happened. */
  healthyMs?: number;
  /** The process exited after SIGINT (false when it had already exited, or never did). */
  exitedAfterSigint: boolean;
  exitCode: number | null;
  exitMs?: number;
  portsFreed: boolean;
  problem?: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function healthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * The environment `npm start` gets here: the caller's, minus every setting of the product itself, so a
 * key or model the person running the bench exported (say `NAVIGATOR_API_KEY=short`) cannot decide
 * what is measured. The bench measures the documented zero-configuration start.
 */
export function startEnvironment(inherited: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const product =
    /^(NAVIGATOR_|OPENAI_|MODELS?$|SESSION_SECRET$|TRANSCRIPTS_DIR$|DATA_DIR$|HOST$|PORT$|SLACK_PORT$|LINEAR_PORT$|LOG_LEVEL$|MAX_)/;
  return Object.fromEntries(Object.entries(inherited).filter(([k]) => !product.test(k)));
}

export async function benchStartup(timeoutMs = 20_000): Promise<StartupResult> {
  const ports = {
    SLACK_PORT: await freePort(),
    LINEAR_PORT: await freePort(),
    NAVIGATOR_PORT: await freePort(),
    PORT: await freePort(),
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  const env = {
    ...startEnvironment(process.env),
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'quiet',
  };
  const t0 = performance.now();
  const child = spawn('node_modules/.bin/tsx', ['scripts/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-2000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-2000)));
  let exited = false;
  let exitCode: number | null = null;
  let exitAt = 0;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = true;
      exitCode = code;
      exitAt = performance.now();
      resolve();
    }),
  );
  const result: StartupResult = { exitedAfterSigint: false, exitCode: null, portsFreed: false };
  try {
    const pending = new Set(Object.values(ports));
    while (pending.size > 0 && !exited && performance.now() - t0 < timeoutMs) {
      const checks = await Promise.all([...pending].map(async (p) => [p, await healthy(p)] as const));
      for (const [p, ok] of checks) if (ok) pending.delete(p);
      if (pending.size > 0) await new Promise((r) => setTimeout(r, 20));
    }
    if (pending.size === 0) result.healthyMs = performance.now() - t0;
    else
      result.problem = exited
        ? `exited early (code ${exitCode}): ${output.trim().split('\n').slice(-3).join(' ')}`
        : `not healthy after ${timeoutMs} ms`;
  } finally {
    const sigintAt = performance.now();
    if (!exited) child.kill('SIGINT');
    await Promise.race([exit, new Promise((r) => setTimeout(r, 10_000))]);
    result.exitedAfterSigint = exited && result.healthyMs !== undefined && exitAt >= sigintAt;
    result.exitCode = exitCode;
    // A process that exited before the signal did not answer Ctrl-C: no exit time to report.
    if (exited && exitAt >= sigintAt) result.exitMs = exitAt - sigintAt;
    else child.kill('SIGKILL');
    result.portsFreed = (await Promise.all(Object.values(ports).map(portIsFree))).every(Boolean);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return result;
}
