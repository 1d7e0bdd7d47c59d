// A scenario with a wrong expectation must fail, and say what was expected, what happened and where.
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../../harness/load.js';
import { stopLlmServer } from '../../../harness/models/llm-server.js';
import { prettyResult } from '../../../harness/reporters/pretty.js';
import { runScenario } from '../../../harness/runner.js';

afterAll(() => stopLlmServer());

const WRONG = `# yaml-language-server: $schema=./scenario.schema.json
name: wrong expectation
project:
  servers:
    - { name: slack, auth_level: user }
steps:
  - user: 'read #general on slack'
    model:
      - text: Let me check your authentication status first.
        tool_calls: [{ name: get_authentication_link }]
      - text: "Please authenticate using this link: {{auth_link}}"
    expect:
      tool_results:
        - { name: get_authentication_link, status: fully_authenticated }
      reply:
        contains: Here are the messages
`;

describe('a failing scenario', () => {
  it.each(['scripted', 'demo'])(
    'fails with expected vs actual, the file line and the transcript around it (%s)',
    async (mode) => {
      const run = await runScenario(parseScenario(WRONG, 'scenarios/wrong.yaml'), { mode });
      expect(run.passed).toBe(false);
      expect(run.failures).toEqual([
        expect.stringMatching(
          /^step 1 \(scenarios\/wrong\.yaml:7\) tool_results\[0\]: expected result of get_authentication_link: .*actual status: expected fully_authenticated, got "authentication_needed"/,
        ),
        expect.stringMatching(
          /^step 1 \(scenarios\/wrong\.yaml:7\) reply\.contains\[0\]: expected reply contains "Here are the messages"; actual ".*Please authenticate using this link: http:\/\/127\.0\.0\.1:\d+\/auth\?auth_link_id=/,
        ),
      ]);
      const text = prettyResult(run, 1);
      expect(text).toContain('✗ wrong expectation');
      expect(text).toContain('transcript');
      expect(text).toMatch(/user\(alice\): read #general on slack/);
      expect(text).toMatch(/→ get_authentication_link/);
    },
  );

  it('fails when the scripted model is asked for more turns than the scenario wrote', async () => {
    const short = WRONG.replace(/ {6}- text: "Please authenticate[^\n]*\n/, '').replace(/ {4}expect:[\s\S]*$/, '');
    const run = await runScenario(parseScenario(short, 'scenarios/short.yaml'), { mode: 'scripted' });
    expect(run.passed).toBe(false);
    expect(run.failures.join('\n')).toContain('request 2 has no scripted turn left');
  });
});
