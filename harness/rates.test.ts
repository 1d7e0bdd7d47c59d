import { describe, expect, it } from 'vitest';
import { cellsOf, DEFAULT_PROMPT, inShard, jobsOf, parseShard } from './matrix.js';
import { retryAfterMs } from './models/retry.js';
import { costOf, DEFAULT_PRICES, pricesFor } from './prices.js';
import { percentile, wilson } from './rates.js';
import { parseScenario } from './load.js';

describe('rates', () => {
  it('95% Wilson intervals match the textbook values', () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    expect(wilson(4, 4)).toEqual({ low: 0.51, high: 1 });
    expect(wilson(2, 4)).toEqual({ low: 0.15, high: 0.85 });
    expect(wilson(81, 100)).toEqual({ low: 0.722, high: 0.875 });
  });
  it('nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(95);
  });
});

describe('prices', () => {
  it('offline models cost nothing, unknown models have no price, never a guess', () => {
    expect(costOf('demo', { input_tokens: 1e6, output_tokens: 1e6 }, DEFAULT_PRICES)).toBe(0);
    expect(costOf('openai:some-local-llama', { input_tokens: 10, output_tokens: 10 }, DEFAULT_PRICES)).toBeNull();
    expect(costOf('openai:gpt-4o-mini', { input_tokens: 1e6, output_tokens: 1e6 }, DEFAULT_PRICES)).toBeCloseTo(
      0.75,
      9,
    );
    expect(pricesFor(['demo', 'openai:x'], DEFAULT_PRICES)).toEqual({ demo: { input: 0, output: 0 } });
  });
});

describe('jobs, cells and shards', () => {
  const a = parseScenario('name: a\nmodes: [demo]\nsteps: [{ user: hi }]\n', 'a.yaml');
  const b = parseScenario('name: b\nmodes: [demo]\nsteps: [{ simulate: { goal: connect slack } }]\n', 'b.yaml');
  it('cells are models × prompts, named by the model alone without --prompt', () => {
    expect(cellsOf(['demo', 'openai:x'], [DEFAULT_PROMPT]).map((c) => c.id)).toEqual(['demo', 'openai:x']);
    expect(cellsOf(['demo'], [{ name: 'p', file: 'p.md' }, DEFAULT_PROMPT]).map((c) => c.id)).toEqual([
      'demo × p',
      'demo × default',
    ]);
  });
  it('skips with the reason: modes:, a simulated user without --user-model', () => {
    const jobs = jobsOf([a, b], cellsOf(['scripted', 'openai:x'], [DEFAULT_PROMPT]), 1);
    expect(jobs.map((j) => [j.index, j.loaded.scenario.name, j.cell.id, j.skip ?? ''])).toEqual([
      [0, 'a', 'scripted', "the scenario's modes: [demo] do not include scripted"],
      [1, 'b', 'scripted', "the scenario's modes: [demo] do not include scripted"],
      [2, 'a', 'openai:x', ''],
      [3, 'b', 'openai:x', 'it has a simulate: step and no --user-model was given'],
    ]);
    expect(jobsOf([b], cellsOf(['demo'], [DEFAULT_PROMPT]), 1, 'openai:u')[0]?.skip).toBeUndefined();
  });
  it('shards partition the job list', () => {
    const all = Array.from({ length: 10 }, (_, i) => i);
    const parts = [1, 2, 3].map((k) => all.filter((i) => inShard(i, { k, n: 3 })));
    expect(parts.flat().sort((x, y) => x - y)).toEqual(all);
    expect(parts.map((p) => p.length)).toEqual([4, 3, 3]);
    expect(parseShard('2/3')).toEqual({ k: 2, n: 3 });
    expect(() => parseShard('4/3')).toThrow(/K\/N/);
  });
  it('Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
