import { describe, expect, it } from 'vitest';
import { parseReport, summarize, turnKindLabel } from './report.js';

const sample = {
  startedAt: '2025-01-01T00:00:00Z',
  model: 'demo',
  scenarios: [
    { name: 'a', file: 'a.yaml', passed: true, durationMs: 10, turns: [{ kind: 'user', text: 'hi' }, { kind: 'expectation', text: 'x', passed: true }] },
    { name: 'b', passed: false, turns: [], extra: 1 },
  ],
};

describe('parseReport', () => {
  it('reads a report and keeps unknown fields', () => {
    const result = parseReport(JSON.stringify(sample));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.scenarios[1]).toMatchObject({ name: 'b', extra: 1 });
    expect(summarize(result.report)).toEqual({ total: 2, passed: 1, failed: 1 });
  });
  it('says what is wrong with bad input', () => {
    expect(parseReport('nope')).toEqual({ ok: false, error: 'The file is not JSON.' });
    const bad = parseReport(JSON.stringify({ scenarios: [{ name: 'x' }] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('scenarios.0.passed');
  });
  it('labels turn kinds', () => {
    expect(turnKindLabel('tool-call')).toBe('Tool call');
    expect(turnKindLabel('custom')).toBe('custom');
  });
});
