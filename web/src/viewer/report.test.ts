import { describe, expect, it } from 'vitest';
import { parseReport, runLabel, viewTurn } from './report.js';

const run = {
  name: 'example conversation',
  file: 'scenarios/b17.yaml',
  behaviors: ['B17'],
  mode: 'demo',
  attempt: 1,
  passed: false,
  duration_ms: 1200,
  failures: ['linear issue created'],
  llm_requests: 3,
  turns: [
    { kind: 'user', step: 0, at_ms: 0, user: 'alice', conversation: 'c1', text: 'hi' },
    { kind: 'tool-call', step: 0, at_ms: 5, user: 'alice', id: 't1', name: 'get_authentication_link', args: {} },
    {
      kind: 'tool-result',
      step: 0,
      at_ms: 9,
      user: 'alice',
      id: 't1',
      name: 'get_authentication_link',
      is_error: false,
      text: '{}',
      json: { status: 'authentication_needed' },
    },
    { kind: 'action', step: 1, at_ms: 20, action: 'authenticate', detail: 'slack, linear', ok: true, duration_ms: 30 },
    { kind: 'expectation', step: 2, at_ms: 40, id: 'issue', passed: false, expected: 'an issue', actual: 'none' },
  ],
};
const report = {
  version: 1,
  model: 'demo',
  repeat: 1,
  started_at: '2025-01-01T00:00:00Z',
  duration_ms: 1300,
  passed: false,
  totals: { runs: 1, passed: 0, failed: 1 },
  summaries: [],
  runs: [run],
};

describe('parseReport', () => {
  it('reads a harness report', () => {
    const result = parseReport(JSON.stringify(report));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.report.runs[0]?.turns).toHaveLength(5);
  });
  it('says what is wrong with bad input', () => {
    expect(parseReport('nope')).toEqual({ ok: false, error: 'The file is not JSON.' });
    const bad = parseReport(JSON.stringify({ ...report, runs: [{ ...run, passed: 'yes' }] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('runs.0.passed');
  });
});

describe('viewTurn', () => {
  it('shows each kind with its verdict', () => {
    const parsed = parseReport(JSON.stringify(report));
    if (!parsed.ok) throw new Error(parsed.error);
    const views = (parsed.report.runs[0]?.turns ?? []).map(viewTurn);
    expect(views.map((v) => v.heading)).toEqual([
      'User (alice)',
      'Tool call: get_authentication_link',
      'Tool result: get_authentication_link',
      'User action: authenticate',
      'Expectation: issue',
    ]);
    expect(views[2]?.blocks[0]?.value).toEqual({ status: 'authentication_needed' });
    expect(views.map((v) => v.verdict)).toEqual([undefined, undefined, undefined, true, false]);
    expect(runLabel(parsed.report.runs[0]!, { ...parsed.report, repeat: 3 })).toBe('example conversation #1');
  });
});
