// The grown scenario format over the real stack: a `fault` action forces the tool-error path (and
// without it the same scenario fails), `always:` fails a run at the step that breaks it, `wait`, and
// a fault's token expiry that the navigator recovers from.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../../harness/load.js';
import { stopLlmServer } from '../../../harness/models/llm-server.js';
import { runScenario } from '../../../harness/runner.js';

afterAll(() => stopLlmServer());

const FILE = 'scenarios/tool-error-from-fault.yaml';
const text = readFileSync(FILE, 'utf8');

describe('fault and wait actions', () => {
  it.each(['demo', 'scripted'])(
    '[B3][B10] a fault forces the tool-error path; the real error reaches the agent as a result (%s)',
    async (mode) => {
      const run = await runScenario(parseScenario(text, FILE), { mode });
      expect(run.passed, run.failures.join('\n')).toBe(true);
      const kinds = run.turns.filter((t) => t.step === 1 && (t.kind === 'tool-result' || t.kind === 'assistant'));
      const error = kinds.findIndex((t) => t.kind === 'tool-result' && t.name === 'slack__read_channel' && t.is_error);
      expect(error).toBeGreaterThanOrEqual(0);
      expect(kinds.find((t) => t.kind === 'tool-result' && t.name === 'get_authentication_link')).toBeDefined();
      // The scripted agent re-checks after the error and shares the link the real tool returned; the
      // demo model checks first, then reads, and reports the error in its reply.
      const replies = kinds
        .filter((t) => t.kind === 'assistant')
        .map((t) => t.text)
        .join(' ');
      if (mode === 'scripted') {
        expect(
          kinds.findIndex((t) => t.kind === 'tool-result' && t.name === 'get_authentication_link'),
        ).toBeGreaterThan(error);
        expect(replies).toMatch(/auth_link_id=/);
      } else expect(replies).toMatch(/error|couldn't|unavailable/i);
      expect(run.turns.find((t) => t.kind === 'action' && t.action === 'wait')).toMatchObject({
        ok: true,
        detail: 'waited 20 ms',
      });
    },
  );

  it('without the fault the same scenario fails where the tool was expected to fail', async () => {
    const noFault = text.replace('  - action: fault\n    server: slack\n    error_rate: 1\n', '  - action: check\n');
    const run = await runScenario(parseScenario(noFault, FILE), { mode: 'demo' });
    expect(run.passed).toBe(false);
    expect(run.failures.join('\n')).toMatch(
      /step 2 \(scenarios\/tool-error-from-fault\.yaml:\d+\) tool_results\[0\]: expected result of slack__read_channel.*is_error: expected true, got false/,
    );
  });

  it('a fault can expire the user’s tokens (the navigator refreshes) and add latency', async () => {
    // As in token-expired-refreshed.yaml: the access token expires after the conversation started.
    const scenario = `name: expiry by fault
modes: [demo]
project: { servers: [{ name: slack, auth_level: user }] }
users: [{ id: alice, connected: [slack] }]
steps:
  - user: 'read #general on slack'
  - action: fault
    server: slack
    expire_tokens: true
    latency_ms: 5
  - user: 'read #engineering on slack'
    expect:
      tool_results: [{ tool: slack__read_channel, is_error: false, contains: "#engineering" }]
`;
    const run = await runScenario(parseScenario(scenario, 'x.yaml'), { mode: 'demo' });
    expect(run.passed, run.failures.join('\n')).toBe(true);
    expect(run.turns.find((t) => t.kind === 'action' && t.action === 'fault')).toMatchObject({
      ok: true,
      detail: 'slack: latencyMs 5; 1 token(s) of alice expired',
    });
  });
});

describe('always:', () => {
  it('fails the run at the step that breaks it, with the always. id', async () => {
    const scenario = `name: never check
modes: [demo]
always:
  no_tool_calls: [get_authentication_link]
steps:
  - action: check
  - user: Can you check my Slack messages?
`;
    const run = await runScenario(parseScenario(scenario, 'x.yaml'), { mode: 'demo' });
    expect(run.passed).toBe(false);
    expect(run.failures).toEqual([
      expect.stringMatching(
        /^step 2 \(x\.yaml:\d+\) always\.no_tool_calls\[0\]: expected no call get_authentication_link; actual get_authentication_link/,
      ),
    ]);
    expect(
      run.turns
        .filter((t) => t.kind === 'expectation' && t.id === 'always.no_tool_calls[0]')
        .map((t) => t.kind === 'expectation' && t.passed),
    ).toEqual([true, false]);
  });
});
