// A 2 × 2 matrix (two OpenAI-compatible models served by msw through the real provider, two system
// prompt files): per cell pass rate with a 95% Wilson interval, tokens, cost from an overridden price
// table, turn latency; threshold exit codes; HTTP 429 retried with backoff and reported, never
// counted as a failure of the agent.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChatCompletionRequest, encodeChatCompletionStream, sseResponse as sse } from '../../../kit/openai-wire.js';
import { RunReport } from '../../../harness/report-schema.js';
import { cli, useOpenAiHost } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'harness-matrix-'));
const scenario = join(dir, 'greeting.yaml');
writeFileSync(
  scenario,
  `name: greeting
modes: [demo]
project: { in_chat_auth: false, servers: [{ name: slack, auth_level: user }] }
steps:
  - user: hello
    expect:
      reply: { contains: alpha }
`,
);
writeFileSync(join(dir, 'alpha.md'), 'You are a helpful assistant. STYLE=alpha');
writeFileSync(join(dir, 'beta.md'), 'You are a helpful assistant. STYLE=beta');
writeFileSync(
  join(dir, 'prices.yaml'),
  'openai:model-a: { input: 2, output: 10 }\nopenai:model-b: { input: 0.5, output: 1 }\n',
);

let served = 0;
let servedB = 0;
let limited = 0;
/** model-a says what its prompt's STYLE says; model-b alternates; model-limited answers 429 twice per run first. */
async function answer(request: Request): Promise<Response> {
  const body = ChatCompletionRequest.parse(await request.json());
  const system = JSON.stringify(body.messages[0]?.content ?? '');
  if (body.model === 'model-busy')
    return new Response('{"error":{"message":"Rate limit reached"}}', {
      status: 429,
      headers: { 'retry-after': '0', 'content-type': 'application/json' },
    });
  if (body.model === 'model-limited' && limited++ % 3 < 2)
    return new Response('{"error":{"message":"Rate limit reached"}}', {
      status: 429,
      headers: { 'retry-after': '0', 'content-type': 'application/json' },
    });
  const n = ++served;
  const style =
    body.model === 'model-b' ? (++servedB % 2 ? 'alpha' : 'beta') : /STYLE=beta/.test(system) ? 'beta' : 'alpha';
  return sse(
    encodeChatCompletionStream({ id: `c${n}`, model: body.model, text: `${style}: hello there!`, promptTokens: 100 }),
  );
}

useOpenAiHost('matrix', answer, 'sk-matrix');

const MATRIX = [
  scenario,
  '--model',
  'openai:model-a,openai:model-b',
  '--prompt',
  `alpha=${join(dir, 'alpha.md')},beta=${join(dir, 'beta.md')}`,
  '--repeat',
  '4',
  '--jobs',
  '1',
  '--prices',
  join(dir, 'prices.yaml'),
];

describe('prompt × model matrix', () => {
  it('reports each cell: pass rate, 95% Wilson interval, tokens, cost, turn latency', async () => {
    const out = join(dir, 'm');
    const { code, out: text } = await cli([...MATRIX, '--reporter', 'pretty,json', '--out', out]);
    expect(code).toBe(1);
    const report = RunReport.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
    const m = report.matrix;
    expect(m?.models).toEqual(['openai:model-a', 'openai:model-b']);
    expect(m?.prompts.map((p) => p.name)).toEqual(['alpha', 'beta']);
    expect(m?.prices).toEqual({
      'openai:model-a': { input: 2, output: 10 },
      'openai:model-b': { input: 0.5, output: 1 },
    });
    const cells = Object.fromEntries((m?.cells ?? []).map((c) => [c.id, c]));
    expect(Object.keys(cells)).toEqual([
      'openai:model-a × alpha',
      'openai:model-a × beta',
      'openai:model-b × alpha',
      'openai:model-b × beta',
    ]);
    expect(cells['openai:model-a × alpha']).toMatchObject({
      passed: 4,
      runs: 4,
      rate: 1,
      ci95: { low: 0.51, high: 1 },
    });
    expect(cells['openai:model-a × beta']).toMatchObject({ passed: 0, runs: 4, rate: 0, ci95: { low: 0, high: 0.49 } });
    expect(cells['openai:model-b × alpha']).toMatchObject({
      passed: 2,
      runs: 4,
      rate: 0.5,
      ci95: { low: 0.15, high: 0.85 },
    });
    const a = cells['openai:model-a × alpha'];
    // 4 runs × 1 model call × 100 prompt tokens; the completion tokens are the text's length / 4.
    expect(a?.tokens.input).toBe(400);
    expect(a?.tokens.output).toBeGreaterThan(0);
    expect(a?.cost_usd).toBeCloseTo((400 * 2 + (a?.tokens.output ?? 0) * 10) / 1e6, 9);
    expect(a?.latency_ms.turns).toBe(4);
    expect(a?.latency_ms.p95).toBeGreaterThanOrEqual(a?.latency_ms.p50 ?? 0);
    expect(a?.scenarios[0]?.expectations.find((e) => e.id === 'step 1 reply.contains[0]')).toMatchObject({
      passed: 4,
      runs: 4,
      ci95: { low: 0.51, high: 1 },
    });
    expect(report.runs.every((r) => r.prompt === 'alpha' || r.prompt === 'beta')).toBe(true);
    expect(text).toMatch(/openai:model-a × alpha\s+100% \(4\/4\)\s+51%-100%\s+400\/\d+\s+\$0\.00\d+/);
    expect(text).toMatch(/openai:model-b × beta\s+50% \(2\/4\)\s+15%-85%/);
    expect(text).toMatch(/openai:model-a × beta\s+0% \(0\/4\)\s+0%-49%/);
    expect(text).toMatch(/model openai:model-a, openai:model-b; cost \$0\.\d+\)/);
  });

  it('--threshold sets the exit code: overall per cell, and per scenario', async () => {
    const alphaOnly = [
      scenario,
      '--model',
      'openai:model-a,openai:model-b',
      '--prompt',
      `alpha=${join(dir, 'alpha.md')}`,
      '--repeat',
      '4',
      '--jobs',
      '1',
      '--reporter',
      'json',
    ];
    const pass = await cli([...alphaOnly, '--threshold', '0.5']);
    expect(pass.code).toBe(0);
    expect(
      RunReport.parse(JSON.parse(pass.out.slice(pass.out.indexOf('{'), pass.out.lastIndexOf('}') + 1))).matrix
        ?.threshold,
    ).toEqual({ overall: 0.5, met: true, misses: [] });
    const miss = await cli([...alphaOnly, '--threshold', 'scenario:0.9']);
    expect(miss.code).toBe(1);
    expect(miss.out).toContain('threshold missed (per scenario 90%):\n  openai:model-b × alpha / greeting: 50% < 90%');
    const bad = await cli([...alphaOnly, '--threshold', '1.5']);
    expect(bad.code).toBe(2);
  });

  it('retries HTTP 429 with backoff and reports it; a provider that never stops is rate-limited, not a failure', async () => {
    const retried = await cli([scenario, '--model', 'openai:model-limited', '--reporter', 'json', '--threshold', '1']);
    expect(retried.code, retried.out).toBe(0);
    const r1 = RunReport.parse(
      JSON.parse(retried.out.slice(retried.out.indexOf('{'), retried.out.lastIndexOf('}') + 1)),
    );
    expect(r1.runs[0]).toMatchObject({ passed: true, outcome: 'passed', rate_limit_retries: 2 });
    expect(r1.matrix?.cells[0]).toMatchObject({ rate_limit_retries: 2, runs: 1, passed: 1 });
    expect(retried.out).toContain('2 429 retries');
    const busy = await cli([scenario, '--model', 'openai:model-busy', '--reporter', 'json']);
    const r2 = RunReport.parse(JSON.parse(busy.out.slice(busy.out.indexOf('{'), busy.out.lastIndexOf('}') + 1)));
    expect(r2.runs[0], r2.runs[0]?.failures.join('\n')).toMatchObject({
      passed: false,
      outcome: 'rate_limited',
      rate_limit_retries: 6,
    });
    expect(r2.totals).toMatchObject({ runs: 0, failed: 0, rate_limited: 1 });
    expect(busy.code).toBe(0);
    expect(busy.out).toContain('1 rate-limited (not counted)');
  });
});
