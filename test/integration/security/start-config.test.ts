/**
 * `npm start`'s own protections, run as the real script in a child process on free ports and a
 * temporary DATA_DIR: the data directory is 0700 and the navigator database, its WAL/SHM files and
 * demo-secrets.json are 0600; a bad key from the environment stops the start with one line naming
 * the variable and the rule (issue 11: `NAVIGATOR_API_KEY=short npm start` printed a 20-line zod dump).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGTERM');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      NAVIGATOR_PORT: '0',
      SLACK_PORT: '0',
      LINEAR_PORT: '0',
      LOG_LEVEL: 'quiet',
      WEB_DIST_DIR: join(tmpdir(), 'no-web-build'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'nav-start-'));
  dirs.push(d);
  return d;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('npm start: configuration errors and file modes', () => {
  it('a short NAVIGATOR_API_KEY stops the start with one line naming the variable and the 16-character minimum', async () => {
    const run = start({ DATA_DIR: join(tempDir(), 'data'), NAVIGATOR_API_KEY: 'short' });
    expect(await run.exited).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      'navigator-chat could not start: NAVIGATOR_API_KEY must be at least 16 characters (it has 5).',
    );
    for (const [name, value, rule] of [
      ['NAVIGATOR_ADMIN_KEY', 'tiny', 'must be at least 16 characters'],
      ['NAVIGATOR_ENCRYPTION_KEY', 'not-hex', 'must be 64 hex characters'],
    ] as const) {
      const bad = start({ DATA_DIR: join(tempDir(), 'data'), [name]: value });
      expect(await bad.exited).toBe(1);
      expect(bad.stderr().trim().split('\n')).toHaveLength(1);
      expect(bad.stderr()).toContain(`${name} ${rule}`);
    }
  });

  it('creates DATA_DIR 0700 and the database, its WAL and demo-secrets.json 0600', async () => {
    const dataDir = join(tempDir(), 'data');
    const run = start({ DATA_DIR: dataDir });
    await new Promise<void>((resolve, reject) => {
      run.child.stdout?.on('data', () => {
        if (run.stdout().includes('Press Ctrl-C to stop.')) resolve();
      });
      void run.exited.then((code) => reject(new Error(`start exited ${code}: ${run.stderr()}`)));
    });
    expect(mode(dataDir)).toBe(0o700);
    const files = readdirSync(dataDir).filter((f) => f.startsWith('navigator.db') || f === 'demo-secrets.json');
    expect(files).toEqual(expect.arrayContaining(['demo-secrets.json', 'navigator.db', 'navigator.db-wal']));
    for (const f of files) expect(mode(join(dataDir, f)), f).toBe(0o600);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});
