// The simulated user (`simulate:` + --user-model): a user model, through the real @ai-sdk/openai
// provider served by msw, talks to the demo agent and acts for real: it opens the link the agent
// shared, signs in and connects only Slack on Slack's consent page (or declines), then says it is done.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../harness/cli.js';
import { parseScenario } from '../../../harness/load.js';
import { ChatCompletionRequest, encodeChatCompletion } from '../../../kit/openai-wire.js';
import { RunReport } from '../../../harness/report-schema.js';
import { useOpenAiHost } from './support.js';
import { runScenario } from '../../../harness/runner.js';

const SCENARIO = (goal: string) => `name: simulated user
modes: [demo]
steps:
  - simulate:
      goal: ${goal}
      persona: A busy engineer who only uses Slack.
      max_turns: 6
    expect:
      tool_results: [{ name: get_authentication_link, status: authentication_needed, unauthenticated_servers: [linear] }]
      settings: { user_status: authentication_needed }
`;

const prompts: string[] = [];
const textOf = (content: unknown): string => (typeof content === 'string' ? content : JSON.stringify(content ?? ''));
/** The user model: asks, connects what its goal says when it sees a link, reports back, then ends. */
async function userModel(request: Request): Promise<Response> {
  const body = ChatCompletionRequest.parse(await request.json());
  const system = textOf(body.messages[0]?.content);
  const log = textOf(body.messages.at(-1)?.content);
  prompts.push(log);
  const deny = /decline/.test(system);
  let call: { name: string; args: unknown };
  if (!log.includes('You:'))
    call = { name: 'say', args: { message: 'Can you check my Slack messages and create a Linear issue?' } };
  else if (log.includes('auth_link_id=') && !log.includes('[You '))
    call = deny
      ? { name: 'deny_consent', args: { servers: ['slack'] } }
      : { name: 'authenticate', args: { servers: ['slack'] } };
  else if (!log.includes('You: ok, done')) call = { name: 'say', args: { message: 'ok, done' } };
  else call = { name: 'done', args: { summary: deny ? 'I declined Slack.' : 'Slack is connected; Linear can wait.' } };
  const text = encodeChatCompletion({
    id: `u${prompts.length}`,
    model: body.model,
    toolCalls: [{ id: `call_u${prompts.length}`, name: call.name, arguments: JSON.stringify(call.args) }],
  });
  return new Response(text, { headers: { 'content-type': 'application/json' } });
}

useOpenAiHost('user', userModel, 'sk-user');

describe('simulated user', () => {
  it('[B9][B10] authenticates only Slack for real, tells the agent, and says done', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-sim-'));
    const file = join(dir, 'sim.yaml');
    writeFileSync(file, SCENARIO('Get Slack connected; Linear is not needed today.'));
    let out = '';
    const code = await main(
      [file, '--model', 'demo', '--user-model', 'openai:user-sim', '--reporter', 'json'],
      (s) => void (out += s),
      () => {},
    );
    const report = RunReport.parse(JSON.parse(out));
    const run = report.runs[0];
    expect(code, run?.failures.join('\n')).toBe(0);
    const lines = (run?.turns ?? []).flatMap((t) =>
      t.kind === 'user' ? [`user: ${t.text}`] : t.kind === 'action' ? [`${t.action}: ${t.detail}`] : [],
    );
    expect(lines).toEqual([
      'user: Can you check my Slack messages and create a Linear issue?',
      expect.stringMatching(/^authenticate: connected slack via the auth link/),
      'user: ok, done',
      'simulate: the simulated user said done: Slack is connected; Linear can wait.',
    ]);
    // What the user model read: the agent's real reply with the real link, then what it did.
    expect(prompts.some((p) => /Assistant: [\s\S]*auth_link_id=/.test(p))).toBe(true);
    expect(prompts.at(-1)).toMatch(/\[You authenticated: connected slack via the auth link/);
  });

  it('declines consent for real when that is its goal; the agent still sees Slack as missing', async () => {
    const loaded = parseScenario(
      SCENARIO('See what happens when you decline the Slack consent page.').replace(
        'unauthenticated_servers: [linear]',
        'unauthenticated_servers: [slack, linear]',
      ),
      'sim.yaml',
    );
    const run = await runScenario(loaded, { mode: 'demo', userModel: 'openai:user-sim' });
    expect(run.passed, run.failures.join('\n')).toBe(true);
    expect(run.turns.find((t) => t.kind === 'action' && t.action === 'deny_consent')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/^declined slack/),
    });
  });

  it('records the user model to a cassette and replays it without the model; a changed goal no longer matches', async () => {
    const cassetteDir = mkdtempSync(join(tmpdir(), 'harness-sim-cassettes-'));
    const loaded = parseScenario(SCENARIO('Get Slack connected; Linear is not needed today.'), 'sim.yaml');
    const recorded = await runScenario(loaded, {
      mode: 'demo',
      userModel: 'openai:user-sim',
      recordUser: true,
      cassetteDir,
    });
    expect(recorded.passed, recorded.failures.join('\n')).toBe(true);
    expect(recorded.turns.find((t) => t.kind === 'action' && t.action === 'record')).toMatchObject({
      detail: `user model cassette written to ${join(cassetteDir, 'simulated-user-user.json')}`,
    });
    const asked = prompts.length;
    const replayed = await runScenario(loaded, { mode: 'demo', userModel: 'replay', cassetteDir });
    expect(replayed.passed, replayed.failures.join('\n')).toBe(true);
    expect(prompts.length).toBe(asked);
    const userLines = (r: typeof recorded) => r.turns.flatMap((t) => (t.kind === 'user' ? [t.text] : []));
    expect(userLines(replayed)).toEqual(userLines(recorded));
    const changed = parseScenario(SCENARIO('Get Linear connected instead.'), 'sim.yaml');
    const mismatch = await runScenario(changed, { mode: 'demo', userModel: 'replay', cassetteDir });
    expect(mismatch.passed).toBe(false);
    expect(mismatch.failures.join('\n')).toMatch(/user model cassette: request 1 differs: messages\[0\]\.content/);
  });

  it('without --user-model the run is skipped with the reason; a user model that never says done fails the step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-sim-'));
    const file = join(dir, 'sim.yaml');
    writeFileSync(file, SCENARIO('anything'));
    let out = '';
    expect(
      await main(
        [file, '--model', 'demo', '--reporter', 'json'],
        (s) => void (out += s),
        () => {},
      ),
    ).toBe(0);
    expect(RunReport.parse(JSON.parse(out)).skipped?.[0]?.reason).toBe(
      'it has a simulate: step and no --user-model was given',
    );
    const short = parseScenario(SCENARIO('Get Slack connected.').replace('max_turns: 6', 'max_turns: 1'), 'sim.yaml');
    const run = await runScenario(short, { mode: 'demo', userModel: 'openai:user-sim' });
    expect(run.passed).toBe(false);
    expect(run.failures[0]).toMatch(/simulated user: max_turns \(1\) reached before the user said done/);
  });
});
