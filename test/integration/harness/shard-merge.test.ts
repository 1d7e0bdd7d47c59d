// `--shard K/N` runs deterministic slices; `merge` of the slices gives the same report and JUnit
// file as one unsharded run (timings, ports and link ids aside). Bad merges are refused clearly.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stopLlmServer } from '../../../harness/models/llm-server.js';
import { RunReport } from '../../../harness/report-schema.js';
import { cli } from './support.js';
import { parseXml } from '../../../kit/xml-check.js';

afterAll(() => stopLlmServer());

const tmp = mkdtempSync(join(tmpdir(), 'harness-shard-'));
const scriptedOnly = join(tmp, 'scripted-only.yaml');
writeFileSync(
  scriptedOnly,
  readFileSync('scenarios/feature-off.yaml', 'utf8')
    .replace('name: feature switched off', 'name: scripted only')
    .replace('project:', 'modes: [scripted]\nproject:'),
);
const FILES = [
  'scenarios/feature-off.yaml',
  'scenarios/no-auth-servers.yaml',
  'scenarios/partial-authentication.yaml',
  scriptedOnly,
];
const ARGS = [...FILES, '--model', 'scripted,demo', '--repeat', '2', '--reporter', 'json,junit', '--jobs', '2'];

/** The report without what differs between any two runs: times, ports, link ids. */
function comparable(text: string): unknown {
  const report = RunReport.parse(
    JSON.parse(
      text
        .replace(/127\.0\.0\.1:\d+/g, 'HOST')
        .replace(/auth_link_id=[\w-]+/g, 'auth_link_id=ID')
        .replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?Z?)?/g, 'TIME'),
    ),
  );
  return {
    ...report,
    started_at: 0,
    duration_ms: 0,
    shards: undefined,
    matrix: report.matrix && {
      ...report.matrix,
      cells: report.matrix.cells.map((c) => ({ ...c, latency_ms: { turns: c.latency_ms.turns } })),
    },
    runs: report.runs.map((r) => ({
      ...r,
      duration_ms: 0,
      turn_latency_ms: r.turn_latency_ms?.length,
      turns: r.turns.map((t) => ({ ...t, at_ms: 0, ...('duration_ms' in t ? { duration_ms: 0 } : {}) })),
    })),
  };
}

function junitCases(path: string): string[] {
  return parseXml(readFileSync(path, 'utf8')).children.flatMap((s) =>
    s.children.map(
      (c) =>
        `${s.attrs.name} | ${c.attrs.name} | ${c.children
          .filter((x) => x.name !== 'system-out')
          .map((x) => x.name)
          .join(',')}`,
    ),
  );
}

describe('--shard and merge', () => {
  it('shards merged equal the unsharded run: report and JUnit', async () => {
    const whole = join(tmp, 'whole');
    const one = join(tmp, 'one');
    const two = join(tmp, 'two');
    const merged = join(tmp, 'merged');
    expect((await cli([...ARGS, '--out', whole])).code).toBe(0);
    const s1 = await cli([...ARGS, '--shard', '1/2', '--out', one]);
    const s2 = await cli([...ARGS, '--shard', '2/2', '--out', two]);
    expect(s1.out).toMatch(/^shard 1\/2: scenarios 0\/7 \(1 skipped\)/);
    expect(s2.out).toMatch(/^shard 2\/2: scenarios 0\/7 \(1 skipped\)/);
    const m = await cli(['merge', one, two, '--out', merged]);
    expect(m.code).toBe(0);
    expect(m.out).toContain('merged 2 folder(s) (shards 1/2, 2/2)');
    expect(m.out).toContain(`wrote ${join(merged, 'report.json')}\nwrote ${join(merged, 'junit.xml')}\n`);
    const a = readFileSync(join(whole, 'report.json'), 'utf8');
    const b = readFileSync(join(merged, 'report.json'), 'utf8');
    expect(RunReport.parse(JSON.parse(b)).shards).toEqual(['1/2', '2/2']);
    expect(RunReport.parse(JSON.parse(b)).runs.map((r) => r.index)).toEqual(
      [...Array(16).keys()].filter((i) => i !== 14 && i !== 15),
    );
    expect(comparable(b)).toEqual(comparable(a));
    expect(junitCases(join(merged, 'junit.xml'))).toEqual(junitCases(join(whole, 'junit.xml')));
    expect(junitCases(join(whole, 'junit.xml'))).toHaveLength(16);
  });

  it('refuses a missing shard, a shard twice, other settings and bad --shard values', async () => {
    const a = join(tmp, 'a');
    const c = join(tmp, 'c');
    await cli([
      'scenarios/feature-off.yaml',
      '--model',
      'scripted',
      '--shard',
      '1/3',
      '--reporter',
      'json',
      '--out',
      a,
    ]);
    await cli(['scenarios/feature-off.yaml', '--model', 'demo', '--shard', '2/3', '--reporter', 'json', '--out', c]);
    expect(await cli(['merge', a, '--out', join(tmp, 'x')])).toEqual({
      code: 2,
      out: 'error: cannot merge: shard(s) 2/3, 3/3 missing\n',
    });
    expect((await cli(['merge', a, a, '--out', join(tmp, 'x')])).out).toContain('the same shard is given twice');
    expect((await cli(['merge', a, c, '--out', join(tmp, 'x')])).out).toMatch(/was run with other settings/);
    expect((await cli(['merge', join(tmp, 'nothing'), '--out', join(tmp, 'x')])).out).toMatch(/has no meta\.json/);
    expect((await cli(['merge', a])).out).toMatch(/^error: merge needs --out DIR/);
    for (const bad of ['0/2', '3/2', 'x'])
      expect((await cli(['--shard', bad])).out).toMatch(/^error: --shard needs K\/N/);
  });
});
