// Judged expectations: a judge model (through the real @ai-sdk/openai provider, served by msw) grades
// the demo agent's real reply against a rubric; pass and fail with the judge's reason; verdicts cached
// by content hash (a re-run sends nothing); without --judge they are "not run", never passed.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../harness/cli.js';
import { registerLlmHost, stopLlmServer } from '../../../harness/models/llm-server.js';
import { ChatCompletionRequest, encodeChatCompletion } from '../../../kit/openai-wire.js';
import { RunReport } from '../../../harness/report-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'harness-judge-'));
const file = join(dir, 'judged.yaml');
writeFileSync(
  file,
  `name: judged link reply
modes: [demo]
judge: The assistant never claims to have read Slack before the user connected it.
steps:
  - user: Can you check my Slack messages and create a Linear issue?
    expect:
      reply: { judge: "RUBRIC-LINK: the reply shares an authentication link and names both Slack and Linear." }
  - user: What is the capital of France?
    expect:
      reply: { judge: "RUBRIC-FRENCH: the reply is written in French." }
`,
);

const requests: { model: string; prompt: string }[] = [];
/** A judge that reads the rubric and the graded text as a careful grader would. */
async function judge(request: Request): Promise<Response> {
  const body = ChatCompletionRequest.parse(await request.json());
  const prompt = body.messages
    .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
    .join('\n');
  requests.push({ model: body.model, prompt });
  const graded = prompt.split('Text to grade:')[1] ?? '';
  let verdict = { verdict: 'pass', reason: 'The assistant only talked about connecting.' };
  if (prompt.includes('RUBRIC-LINK'))
    verdict =
      /auth_link_id=/.test(graded) && /slack/i.test(graded) && /linear/i.test(graded)
        ? { verdict: 'pass', reason: 'It shares the link and names Slack and Linear.' }
        : { verdict: 'fail', reason: 'No link.' };
  if (prompt.includes('RUBRIC-FRENCH')) verdict = { verdict: 'fail', reason: 'The reply is in English, not French.' };
  return new Response(
    encodeChatCompletion({
      id: `j${requests.length}`,
      model: body.model,
      text: `Here is my grade:\n${JSON.stringify(verdict)}`,
      promptTokens: 50,
    }),
    { headers: { 'content-type': 'application/json' } },
  );
}

// The judge has its own endpoint (JUDGE_OPENAI_*): no OPENAI_* is set, as with an offline agent model.
const VARS = ['OPENAI_BASE_URL', 'OPENAI_API_KEY', 'JUDGE_OPENAI_BASE_URL', 'JUDGE_OPENAI_API_KEY'] as const;
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
let host: Awaited<ReturnType<typeof registerLlmHost>>;
beforeAll(async () => {
  host = await registerLlmHost('judge', judge);
  for (const v of VARS) delete process.env[v];
  process.env.JUDGE_OPENAI_BASE_URL = host.baseURL;
  process.env.JUDGE_OPENAI_API_KEY = 'sk-judge';
});
afterAll(async () => {
  host.dispose();
  await stopLlmServer();
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
});

async function run(args: string[]): Promise<{ code: number; report: RunReport; talk: string }> {
  let out = '';
  let talk = '';
  const code = await main(
    [file, '--model', 'demo', '--reporter', 'json', ...args],
    (s) => void (out += s),
    (s) => void (talk += s),
  );
  return { code, report: RunReport.parse(JSON.parse(out)), talk };
}

const verdicts = (r: RunReport) =>
  (r.runs[0]?.turns ?? []).flatMap((t) =>
    t.kind === 'expectation' && /judge/.test(t.id)
      ? [{ step: t.step, id: t.id, status: t.status, reason: t.reason, actual: t.actual }]
      : [],
  );

describe('judged expectations', () => {
  it('a judge needs an endpoint: refused up front with the variables to set', async () => {
    const base = process.env.JUDGE_OPENAI_BASE_URL;
    const key = process.env.JUDGE_OPENAI_API_KEY;
    delete process.env.JUDGE_OPENAI_BASE_URL;
    delete process.env.JUDGE_OPENAI_API_KEY;
    let out = '';
    try {
      expect(
        await main(
          [file, '--judge', 'openai:grader'],
          (s) => void (out += s),
          () => {},
        ),
      ).toBe(2);
    } finally {
      process.env.JUDGE_OPENAI_BASE_URL = base;
      process.env.JUDGE_OPENAI_API_KEY = key;
    }
    expect(out).toMatch(
      /^error: openai: models need JUDGE_OPENAI_API_KEY or OPENAI_API_KEY \(or a \*_BASE_URL\) for --judge/,
    );
  });

  it('without --judge they are reported as not run, never as passed', async () => {
    const { code, report } = await run([]);
    expect(code).toBe(0);
    expect(verdicts(report)).toEqual([
      { step: 0, id: 'reply.judge', status: 'not_run', reason: 'no --judge model given', actual: '(not judged)' },
      { step: 1, id: 'reply.judge', status: 'not_run', reason: 'no --judge model given', actual: '(not judged)' },
      { step: 1, id: 'judge', status: 'not_run', reason: 'no --judge model given', actual: '(not judged)' },
    ]);
    expect(report.runs[0]?.turns.find((t) => t.kind === 'expectation' && t.id === 'reply.judge')).toMatchObject({
      passed: false,
    });
    expect(report.summaries[0]?.expectations.map((e) => e.id)).not.toContain('step 1 reply.judge');
    expect(
      report.matrix?.cells[0]?.scenarios[0]?.expectations.find((e) => e.id === 'step 1 reply.judge'),
    ).toMatchObject({ runs: 0, not_run: 1 });
    expect(requests).toEqual([]);
  });

  it('a judge model grades pass and fail with its reason; the verdicts are cached by content hash', async () => {
    const cache = join(dir, 'cache');
    const first = await run(['--judge', 'openai:grader', '--judge-cache', cache]);
    expect(first.code).toBe(1);
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => r.model === 'grader')).toBe(true);
    expect(verdicts(first.report)).toEqual([
      {
        step: 0,
        id: 'reply.judge',
        status: 'passed',
        reason: 'It shares the link and names Slack and Linear.',
        actual: 'pass',
      },
      { step: 1, id: 'reply.judge', status: 'failed', reason: 'The reply is in English, not French.', actual: 'fail' },
      { step: 1, id: 'judge', status: 'passed', reason: 'The assistant only talked about connecting.', actual: 'pass' },
    ]);
    expect(first.report.runs[0]?.failures).toEqual([
      expect.stringMatching(
        /^step 2 \(.+:\d+\) reply\.judge: expected judged: RUBRIC-FRENCH.*; actual fail \(The reply is in English, not French\.\)$/,
      ),
    ]);
    expect(first.talk).toContain(`judge openai:grader: 3 request(s), the rest from ${cache}`);
    expect(readdirSync(cache)).toHaveLength(3);
    // Same conversation on a new stack (new ports, new link id): every verdict comes from the cache.
    const second = await run(['--judge', 'openai:grader', '--judge-cache', cache]);
    expect(requests).toHaveLength(3);
    expect(verdicts(second.report).map((v) => [v.status, v.actual])).toEqual([
      ['passed', 'pass (cached)'],
      ['failed', 'fail (cached)'],
      ['passed', 'pass (cached)'],
    ]);
    expect(second.talk).toContain('judge openai:grader: 0 request(s)');
  });
});
