/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`, pinned 0.1.11: later
 * versions crash on Node 20) against the navigator: every server scenario that applies to a
 * tools-only gateway, each run by the suite's own CLI and required to pass. The suite cannot send
 * headers, so it talks to a local proxy that adds the instance key and the end user's header and
 * forwards everything else untouched (header-proxy.ts). Offline: the suite is a devDependency.
 * The scenarios that do not apply are listed with the reason in docs/navigator.md.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeaderProxy, type HeaderProxy } from './header-proxy.js';
import { startStack, type Stack } from '../../../kit/stack.js';

/** Server scenarios of 0.1.11 that apply to the navigator (see docs/navigator.md for the others). */
const APPLICABLE_SCENARIOS = [
  'server-initialize',
  'ping',
  'tools-list',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
] as const;

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('@modelcontextprotocol/conformance/package.json')), 'dist', 'index.js');

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

/** Runs one scenario with the suite's CLI; resolves with its exit code and the checks it wrote. */
async function runScenario(
  url: string,
  scenario: string,
  outDir: string,
): Promise<{ code: number; output: string; checks: Check[] }> {
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'server', '--url', url, '--scenario', scenario, '-o', outDir],
      { env: { ...process.env, NODE_NO_WARNINGS: '1' }, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
  const checks: Check[] = [];
  for (const dir of await readdir(outDir)) {
    if (!dir.startsWith(`server-${scenario}-`)) continue;
    checks.push(...(JSON.parse(await readFile(join(outDir, dir, 'checks.json'), 'utf8')) as Check[]));
  }
  return { code, output, checks };
}

let stack: Stack;
let proxy: HeaderProxy;
let outDir: string;
beforeAll(async () => {
  stack = await startStack();
  proxy = await startHeaderProxy(stack.mcpUrl, stack.mcpHeaders('alice'));
  outDir = await mkdtemp(join(tmpdir(), 'mcp-conformance-'));
});
afterAll(async () => {
  await proxy?.close();
  await stack?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('MCP conformance suite 0.1.11 against the navigator', () => {
  for (const scenario of APPLICABLE_SCENARIOS) {
    it(`passes ${scenario}`, { timeout: 90_000 }, async () => {
      const r = await runScenario(proxy.url, scenario, outDir);
      const failed = r.checks.filter((c) => c.status === 'FAILURE');
      expect(failed, r.output.slice(-2000)).toEqual([]);
      expect(r.checks.filter((c) => c.status === 'SUCCESS').length).toBeGreaterThan(0);
      expect(r.code, r.output.slice(-2000)).toBe(0);
    });
  }
});
