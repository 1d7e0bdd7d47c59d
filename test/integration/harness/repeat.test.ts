// `--repeat N` with a model whose answers vary between runs (an OpenAI-compatible endpoint served by
// the harness's msw host, as a real model would be): pass rates per scenario and per expectation, and
// the flaky expectation named, in the pretty output and in the JSON report.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../harness/cli.js';
import { registerLlmHost, stopLlmServer } from '../../../harness/models/llm-server.js';
import { encodeChatCompletionStream, sseResponse as sse } from '../../../kit/openai-wire.js';
import { RunReport } from '../../../harness/report-schema.js';

afterAll(() => stopLlmServer());

const SCENARIO = `# yaml-language-server: $schema=./scenario.schema.json
name: flaky greeting
modes: [demo]
project:
  in_chat_auth: false
  servers: [{ name: slack, auth_level: user }]
steps:
  - user: hello
    expect:
      tool_call_count: [{ name: "*", equals: 0 }]
      reply: { contains: alpha }
`;

describe('--repeat', () => {
  it('reports pass rates and names the flaky expectation', async () => {
    let n = 0;
    // Odd requests answer "alpha", even ones "beta": runs 1 and 3 pass, 2 and 4 fail.
    const host = await registerLlmHost('flaky', async () =>
      sse(
        encodeChatCompletionStream({
          id: `c${++n}`,
          model: 'flaky',
          text: n % 2 === 1 ? 'alpha, hello!' : 'beta, hello!',
        }),
      ),
    );
    const dir = mkdtempSync(join(tmpdir(), 'harness-repeat-'));
    const file = join(dir, 'flaky.yaml');
    writeFileSync(file, SCENARIO);
    const saved = { base: process.env.OPENAI_BASE_URL, key: process.env.OPENAI_API_KEY };
    process.env.OPENAI_BASE_URL = host.baseURL;
    process.env.OPENAI_API_KEY = 'sk-flaky';
    let out = '';
    let code: number;
    try {
      code = await main(
        [file, '--model', 'openai:flaky', '--repeat', '4', '--jobs', '1', '--reporter', 'pretty,json', '--out', dir],
        (s) => void (out += s),
      );
    } finally {
      host.dispose();
      if (saved.base === undefined) delete process.env.OPENAI_BASE_URL;
      else process.env.OPENAI_BASE_URL = saved.base;
      if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved.key;
    }
    expect(code).toBe(1);
    expect(n).toBe(4);
    expect(out).toContain('pass rates:');
    expect(out).toMatch(/ 50% flaky greeting \(openai:flaky\) \(2\/4\)/);
    expect(out).toMatch(/ 50% step 1 reply\.contains\[0\] \(flaky\)/);
    expect(out).toContain('flaky expectations (1):\n  flaky greeting (openai:flaky): step 1 reply.contains[0]');
    const report = RunReport.parse(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')));
    expect(report.runs.map((r) => r.passed)).toEqual([true, false, true, false]);
    expect(report.summaries).toEqual([
      expect.objectContaining({
        name: 'flaky greeting (openai:flaky)',
        passed: 2,
        runs: 4,
        rate: 0.5,
        flaky: ['step 1 reply.contains[0]'],
        expectations: expect.arrayContaining([
          { id: 'step 1 tool_call_count[0]', passed: 4, runs: 4, rate: 1 },
          { id: 'step 1 reply.contains[0]', passed: 2, runs: 4, rate: 0.5 },
        ]),
      }),
    ]);
  });
});
