/**
 * The MCP conformance suite (0.1.11) against the agent's own MCP client (NavigatorSessions:
 * `@ai-sdk/mcp` over the MCP SDK transport), through conformance-client.ts as the suite's client
 * command. Run here: `initialize`. Not run here: `sse-retry` passes by hand (see docs/navigator.md)
 * but its checks measure reconnection delays, which a loaded CI machine can miss; `tools_call`'s test
 * server fails on its second request with the installed SDK ("Already connected to a transport"),
 * whatever the client; `elicitation-sep1034-client-defaults` needs form-mode elicitation and the
 * `auth/*` scenarios an OAuth client, neither of which the agent has.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('@modelcontextprotocol/conformance/package.json')), 'dist', 'index.js');
const CLIENT = join(dirname(fileURLToPath(import.meta.url)), 'conformance-client.ts');

describe('MCP conformance suite 0.1.11 against the agent MCP client', () => {
  it('passes initialize', { timeout: 90_000 }, async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'mcp-conformance-client-'));
    try {
      const command = `${process.execPath} --import tsx ${CLIENT}`;
      const r = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile(
          process.execPath,
          [CLI, 'client', '--command', command, '--scenario', 'initialize', '-o', outDir],
          { env: { ...process.env, NODE_NO_WARNINGS: '1' }, timeout: 80_000 },
          (err, stdout, stderr) =>
            resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}${stderr}` }),
        );
      });
      const checks: { id: string; status: string }[] = [];
      for (const dir of await readdir(outDir))
        checks.push(
          ...(JSON.parse(await readFile(join(outDir, dir, 'checks.json'), 'utf8')) as { id: string; status: string }[]),
        );
      expect(
        checks.filter((c) => c.status === 'FAILURE'),
        r.output.slice(-2000),
      ).toEqual([]);
      expect(checks.find((c) => c.id === 'mcp-client-initialization')?.status).toBe('SUCCESS');
      expect(r.code, r.output.slice(-2000)).toBe(0);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
