import { describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../harness/report-schema.js';
import { summarize } from './run-stats.js';

const run = (passed: boolean, attempt: number): ScenarioRun => ({
  name: 's',
  file: 's.yaml',
  behaviors: ['B3'],
  mode: 'openai:x',
  attempt,
  passed,
  duration_ms: 1,
  failures: passed ? [] : ['x'],
  llm_requests: 1,
  turns: [
    { kind: 'expectation', step: 0, at_ms: 0, id: 'tool_calls[0]', passed: true, expected: '', actual: '' },
    { kind: 'expectation', step: 1, at_ms: 0, id: 'reply.mentions_link', passed, expected: '', actual: '' },
  ],
});

describe('pass rates', () => {
  it('rates scenarios and expectations and names the flaky ones', () => {
    const [s] = summarize([run(true, 1), run(false, 2), run(true, 3), run(true, 4)]);
    expect(s).toMatchObject({
      name: 's (openai:x)',
      passed: 3,
      runs: 4,
      rate: 0.75,
      flaky: ['step 2 reply.mentions_link'],
    });
    expect(s?.expectations).toEqual([
      { id: 'step 1 tool_calls[0]', passed: 4, runs: 4, rate: 1 },
      { id: 'step 2 reply.mentions_link', passed: 3, runs: 4, rate: 0.75 },
    ]);
  });
});
