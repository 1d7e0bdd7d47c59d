import { describe, expect, it } from 'vitest';
import { diffReports, failedTurns, formatRate, matrixOf, transcriptOf, wilson } from './analysis.js';
import { parseReport, type RunReport, type ScenarioRun } from './report.js';

function run(name: string, passed: boolean, extra: Partial<ScenarioRun> = {}): ScenarioRun {
  return {
    name,
    file: `scenarios/${name}.yaml`,
    behaviors: ['B17'],
    mode: 'demo',
    attempt: 1,
    passed,
    duration_ms: 10,
    failures: passed ? [] : ['step 1 reply'],
    llm_requests: 1,
    turns: [
      { kind: 'user', step: 0, at_ms: 0, user: 'alice', conversation: 'c', text: 'hi' },
      { kind: 'tool-call', step: 0, at_ms: 1, user: 'alice', id: 't1', name: 'get_authentication_link', args: {} },
      {
        kind: 'tool-result',
        step: 0,
        at_ms: 2,
        user: 'alice',
        id: 't1',
        name: 'get_authentication_link',
        is_error: false,
        text: '{}',
        json: { status: 'authentication_needed' },
      },
      { kind: 'assistant', step: 0, at_ms: 3, user: 'alice', text: 'hello' },
      { kind: 'expectation', step: 0, at_ms: 4, id: 'step 1 reply', passed, expected: 'x', actual: passed ? 'x' : 'y' },
    ],
    ...extra,
  };
}

function report(runs: ScenarioRun[]): RunReport {
  const passed = runs.filter((r) => r.passed).length;
  return {
    version: 1,
    model: 'demo',
    repeat: 1,
    started_at: '2026-01-01T00:00:00Z',
    duration_ms: 1,
    passed: passed === runs.length,
    totals: { runs: runs.length, passed, failed: runs.length - passed },
    summaries: [],
    runs,
  };
}

describe('wilson', () => {
  it('gives the 95% Wilson score interval', () => {
    const i = wilson(2, 3);
    expect(i.low).toBeCloseTo(0.2077, 3);
    expect(i.high).toBeCloseTo(0.9385, 3);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    expect(wilson(10, 10).high).toBe(1);
    expect(formatRate({ passed: 2, runs: 3, rate: 2 / 3, ...i })).toBe('67% (2/3, 95% CI 21–94%)');
  });
});

describe('transcriptOf', () => {
  it('pairs each tool call with its result and keeps messages, actions and expectations in order', () => {
    const items = transcriptOf(run('a', false));
    expect(items.map((i) => i.type)).toEqual(['user', 'tool', 'assistant', 'expectation']);
    expect(items[1]).toMatchObject({
      name: 'get_authentication_link',
      turns: [1, 2],
      result: { status: 'authentication_needed' },
      pending: false,
    });
    expect(failedTurns(run('a', false))).toEqual([4]);
    expect(failedTurns(run('a', true))).toEqual([]);
  });
});

describe('matrixOf', () => {
  it("uses the report's matrix when present, else computes rates per cell from the runs", () => {
    const r = report([run('a', true), run('a', false), run('b', true), run('a', true)]);
    const m = matrixOf(r, ['m1', 'm1', 'm1', 'm2']);
    expect(m.fromReport).toBe(false);
    expect(m.cells.map((c) => c.id)).toEqual(['m1', 'm2']);
    expect(m.rates.get('m1')?.get('a')).toMatchObject({ passed: 1, runs: 2, rate: 0.5 });
    expect(m.cells[0]?.total).toMatchObject({ passed: 2, runs: 3 });
    const own = matrixOf(r, [], {
      cells: [
        {
          id: 'x',
          passed: 1,
          runs: 1,
          rate: 1,
          ci95: { low: 0.2, high: 1 },
          scenarios: [{ name: 'a', passed: 1, runs: 1, rate: 1, ci95: { low: 0.2, high: 1 } }],
        },
      ],
    });
    expect(own.fromReport).toBe(true);
    expect(own.rates.get('x')?.get('a')?.low).toBe(0.2);
  });

  it('reads run cells and the matrix from the raw report JSON', () => {
    const r = report([run('a', true)]);
    const json = {
      ...r,
      runs: r.runs.map((x) => ({ ...x, cell: 'gpt × terse' })),
      matrix: {
        models: ['gpt'],
        prompts: [],
        prices: {},
        cells: [
          {
            id: 'gpt × terse',
            model: 'gpt',
            prompt: 'terse',
            passed: 1,
            runs: 1,
            rate: 1,
            ci95: { low: 0.2, high: 1 },
            failed: 0,
            skipped: 0,
            rate_limited: 0,
            rate_limit_retries: 0,
            tokens: { input: 10, output: 5 },
            cost_usd: null,
            latency_ms: { p50: 1, p95: 2, turns: 1 },
            scenarios: [
              {
                name: 'a',
                file: 'f',
                passed: 1,
                runs: 1,
                rate: 1,
                ci95: { low: 0.2, high: 1 },
                skipped: 0,
                rate_limited: 0,
                expectations: [],
              },
            ],
          },
        ],
      },
    };
    const parsed = parseReport(JSON.stringify(json));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.extras.runCells).toEqual(['gpt × terse']);
    expect(parsed.extras.matrix?.cells[0]?.id).toBe('gpt × terse');
  });
});

describe('diffReports', () => {
  it('puts regressions first (largest drop first), then removed, added, improved, same; names newly failing expectations', () => {
    const base = report([
      run('steady', true),
      run('drops', true),
      run('drops-a-bit', true),
      run('drops-a-bit', true),
      run('fixed', false),
      run('gone', true),
    ]);
    const next = report([
      run('steady', true),
      run('drops', false),
      run('drops-a-bit', true),
      run('drops-a-bit', false),
      run('fixed', true),
      run('new', true),
    ]);
    const rows = diffReports({ report: base, runCells: [] }, { report: next, runCells: [] });
    expect(rows.map((r) => `${r.change}:${r.scenario}`)).toEqual([
      'regressed:drops',
      'regressed:drops-a-bit',
      'removed:gone',
      'added:new',
      'improved:fixed',
      'same:steady',
    ]);
    expect(rows[0]?.newlyFailing).toEqual(['step 1 reply']);
    expect(rows[0]).toMatchObject({ base: { rate: 1 }, next: { rate: 0 } });
  });
});
