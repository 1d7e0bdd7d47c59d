import { describe, expect, it } from 'vitest';
import type { RunReport } from '../report-schema.js';
import { junitReport } from './junit.js';
import { parseXml } from '../../kit/xml-check.js';

const report: RunReport = {
  version: 1,
  model: 'scripted',
  repeat: 1,
  started_at: '2024-01-01T00:00:00.000Z',
  duration_ms: 12,
  passed: false,
  totals: { runs: 2, passed: 1, failed: 1 },
  summaries: [],
  runs: [
    {
      name: 'ok <one>',
      file: 'scenarios/a.yaml',
      behaviors: ['B1'],
      mode: 'scripted',
      attempt: 1,
      passed: true,
      duration_ms: 5,
      failures: [],
      turns: [],
      llm_requests: 1,
    },
    {
      name: 'bad & "two"',
      file: 'scenarios/b.yaml',
      behaviors: [],
      mode: 'scripted',
      attempt: 1,
      passed: false,
      duration_ms: 7,
      failures: ['step 1 reply.contains[0]: expected reply contains "x"; actual "<y>\u0001"'],
      turns: [{ kind: 'user', step: 0, at_ms: 1, user: 'alice', conversation: 'main', text: "it's <b> & ]]>" }],
      llm_requests: 1,
    },
  ],
};

describe('JUnit reporter', () => {
  it('writes XML that parses, with one testcase per run and the failure text intact', () => {
    const root = parseXml(junitReport(report));
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '2', failures: '1' });
    const cases = root.children[0]?.children ?? [];
    expect(cases.map((c) => c.attrs.name)).toEqual(['[B1] ok <one> (scripted)', 'bad & "two" (scripted)']);
    expect(cases[1]?.children[0]?.name).toBe('failure');
    expect(cases[1]?.children[0]?.attrs.message).toContain('actual "<y>"');
    expect(cases[1]?.children[1]?.text).toContain("it's <b> & ]]>");
  });
  it('the checker rejects malformed XML', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/mismatched/);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/duplicate/);
    expect(() => parseXml('<a>&bogus;</a>')).toThrow(/entity/);
  });
});
