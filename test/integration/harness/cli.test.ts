// The CLI end to end, in-process: JUnit output parses, exit codes, --repeat pass rates, and clear
// errors for bad flags and bad scenario files (file:line and field).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../harness/cli.js';
import { RunReport } from '../../../harness/report-schema.js';
import { parseXml } from '../../../kit/xml-check.js';

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, (s) => void (out += s));
  return { code, out };
}

const tmp = mkdtempSync(join(tmpdir(), 'harness-cli-'));
const GOOD = 'scenarios/feature-off.yaml';
const bad = join(tmp, 'wrong.yaml');
writeFileSync(
  bad,
  readFileSync(GOOD, 'utf8')
    .replace('name: feature switched off', 'name: feature off with a wrong expectation')
    .replace(
      'reply: { contains: connections page, not_contains: settings page, mentions_link: false }',
      'reply: { contains: here is your link }',
    ),
);

describe('harness CLI', () => {
  it('writes valid JUnit XML and a JSON report; exit 1 when a scenario fails', async () => {
    const { code, out } = await cli([
      GOOD,
      bad,
      '--model',
      'scripted',
      '--reporter',
      'pretty,junit,json',
      '--out',
      tmp,
    ]);
    expect(code).toBe(1);
    expect(out).toMatch(/✓ \[B1\]\[B11\] feature switched off \(scripted\)/);
    expect(out).toMatch(/✗ \[B1\]\[B11\] feature off with a wrong expectation \(scripted\)/);
    expect(out).toContain('expected reply contains "here is your link"; actual');
    const root = parseXml(readFileSync(join(tmp, 'junit.xml'), 'utf8'));
    expect(root.attrs).toMatchObject({ tests: '2', failures: '1' });
    const cases = root.children.flatMap((s) => s.children);
    expect(cases.map((c) => c.children.some((x) => x.name === 'failure'))).toEqual([false, true]);
    const report = RunReport.parse(JSON.parse(readFileSync(join(tmp, 'report.json'), 'utf8')));
    expect(report.totals).toEqual({ runs: 2, passed: 1, failed: 1, skipped: 0, rate_limited: 0 });
    expect(report.runs[0]?.turns.map((t) => t.kind)).toContain('tool-call');
  });

  it('exit 0 when everything passed; --repeat reports pass rates per scenario and expectation', async () => {
    const { code, out } = await cli([GOOD, '--model', 'demo', '--repeat', '2', '--reporter', 'json']);
    expect(code).toBe(0);
    const report = RunReport.parse(JSON.parse(out));
    expect(report.runs).toHaveLength(2);
    expect(report.summaries[0]).toMatchObject({ passed: 2, runs: 2, rate: 1, flaky: [] });
    expect(report.summaries[0]?.expectations.find((e) => e.id === 'step 2 reply.contains[0]')).toEqual({
      id: 'step 2 reply.contains[0]',
      passed: 2,
      runs: 2,
      rate: 1,
    });
  });

  it('refuses bad flags with usage and exit 2', async () => {
    for (const args of [
      ['--model', 'gpt'],
      ['--repeat', '0'],
      ['--reporter', 'html'],
      ['--nope'],
      ['--record'],
      ['missing.yaml'],
    ]) {
      const { code, out } = await cli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(out).toMatch(/^error: .+\n\nusage: npm run scenarios/);
    }
  });

  it('reports invalid scenario files with file:line and field, exit 2', async () => {
    const broken = join(tmp, 'broken.yaml');
    writeFileSync(
      broken,
      'name: broken\nsteps:\n  - user: hi\n    model: []\n    expect:\n      reply:\n        contains: 3\n',
    );
    const { code, out } = await cli([broken]);
    expect(code).toBe(2);
    expect(out).toContain(`${broken}:7 steps[0].expect.reply.contains: expected string, received number`);
  });
});
