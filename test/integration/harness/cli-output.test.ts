// The CLI honours a scenario's `modes:` (skipped runs reported with the reason, in the summary, the
// JSON report and JUnit), talks with every reporter (progress, end summary with the paths it wrote;
// on stderr when stdout carries a report), and scripted mode is honest about what it checked.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../harness/cli.js';
import { loadScenarios } from '../../../harness/load.js';
import { stopLlmServer } from '../../../harness/models/llm-server.js';
import { RunReport } from '../../../harness/report-schema.js';
import { parseXml } from '../../../kit/xml-check.js';
import { runScenario } from '../../../harness/runner.js';
import { summarize } from '../../../kit/run-stats.js';

afterAll(() => stopLlmServer());

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(
    args,
    (s) => void (out += s),
    (s) => void (err += s),
  );
  return { code, out, err };
}

const GOOD = 'scenarios/feature-off.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'harness-cli-out-'));
const scriptedOnly = join(tmp, 'scripted-only.yaml');
writeFileSync(
  scriptedOnly,
  readFileSync(GOOD, 'utf8')
    .replace('name: feature switched off', 'name: scripted only')
    .replace('project:', 'modes: [scripted]\nproject:'),
);

describe('CLI modes, progress and summary', () => {
  it('skips a run the scenario’s modes: rule out, with the reason, everywhere it reports', async () => {
    const out = join(tmp, 'skip');
    const { code, out: text } = await cli([
      GOOD,
      scriptedOnly,
      '--model',
      'demo',
      '--reporter',
      'json,junit',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(text).toMatch(/^scenarios 0\/1 \(1 skipped\)\n/);
    expect(text).toContain(
      "skipped (1 run):\n  scripted only (demo): the scenario's modes: [scripted] do not include demo",
    );
    expect(text).toContain('1/1 passed, 1 skipped in');
    for (const f of ['runs.jsonl', 'meta.json', 'report.json', 'junit.xml'])
      expect(text).toContain(`wrote ${join(out, f)}\n`);
    const report = RunReport.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
    expect(report.totals).toMatchObject({ runs: 1, passed: 1, failed: 0, skipped: 1 });
    expect(report.skipped).toEqual([
      expect.objectContaining({
        name: 'scripted only',
        cell: 'demo',
        reason: "the scenario's modes: [scripted] do not include demo",
      }),
    ]);
    expect(report.matrix?.cells[0]).toMatchObject({ id: 'demo', runs: 1, passed: 1, skipped: 1 });
    const cases = parseXml(readFileSync(join(out, 'junit.xml'), 'utf8')).children.flatMap((s) => s.children);
    expect(cases.map((c) => c.children[0]?.name)).toEqual(['system-out', 'skipped']);
    expect(cases[1]?.children[0]?.attrs.message).toContain('do not include demo');
    // The same file runs under the mode it lists.
    const scripted = await cli([scriptedOnly, '--model', 'scripted', '--reporter', 'json']);
    expect(RunReport.parse(JSON.parse(scripted.out)).totals).toMatchObject({ runs: 1, passed: 1, skipped: 0 });
  });

  it('with a report on stdout, progress and the summary go to stderr', async () => {
    const { code, out, err } = await cli([GOOD, '--model', 'demo', '--reporter', 'json']);
    expect(code).toBe(0);
    expect(RunReport.parse(JSON.parse(out)).runs).toHaveLength(1);
    expect(err).toMatch(/^scenarios 0\/1\n/);
    expect(err).toMatch(/scenarios 1\/1\n/);
    expect(err).toMatch(/1\/1 passed in [\d.]+ s \(model demo; cost \$0\.00\)/);
  });

  it('the pretty reporter prints each run and the summary with the paths it wrote', async () => {
    const out = join(tmp, 'pretty');
    const { code, out: text, err } = await cli([GOOD, '--model', 'scripted', '--out', out]);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(text).toMatch(/✓ \[B1\]\[B11\] feature switched off \(scripted\) \d+ ms\n/);
    expect(text).toContain(`wrote ${join(out, 'runs.jsonl')}\n`);
  });
});

describe('honest scripted mode', () => {
  it('reports checks that only echo the script as scripted and leaves them out of pass rates', async () => {
    const [loaded] = loadScenarios(['scenarios/partial-authentication.yaml']);
    if (!loaded) throw new Error('scenario missing');
    const run = await runScenario(loaded, { mode: 'scripted' });
    expect(run.passed, run.failures.join('\n')).toBe(true);
    const status = (id: string, step = 0) =>
      run.turns.find((t) => t.kind === 'expectation' && t.id === id && t.step === step);
    // What the scenario made the model do or say is an echo...
    expect(status('tool_calls[0]', 2)).toMatchObject({ status: 'scripted', passed: true });
    expect(status('no_tool_calls[0]', 2)).toMatchObject({ status: 'scripted' });
    expect(status('reply.mentions_link')).toMatchObject({ status: 'scripted' });
    // ...what the real stack answered counts.
    expect(status('tool_results[0]')).toMatchObject({ status: 'passed' });
    const [summary] = summarize([run]);
    const ids = summary?.expectations.map((e) => e.id) ?? [];
    expect(ids).toContain('step 1 tool_results[0]');
    expect(ids.filter((id) => /tool_calls|reply\./.test(id))).toEqual([]);
    // The same checks count under a model that decides for itself.
    const demo = await runScenario(loaded, { mode: 'demo' });
    expect(demo.turns.find((t) => t.kind === 'expectation' && t.id === 'tool_calls[0]' && t.step === 2)).toMatchObject({
      status: 'passed',
    });
  });
});
