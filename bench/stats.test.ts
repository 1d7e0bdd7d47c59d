import { describe, expect, it } from 'vitest';
import { median, quantile, round, summarize } from './stats.js';

describe('quantile', () => {
  it('uses the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(xs, 0.5)).toBe(50);
    expect(quantile(xs, 0.99)).toBe(99);
    expect(quantile(xs, 1)).toBe(100);
    expect(quantile([3, 1, 2], 0)).toBe(1);
  });
  it('does not reorder its input and gives NaN for no samples', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('summarize', () => {
  it('reports count, percentiles, max and mean', () => {
    const s = summarize([1, 2, 3, 4, 10]);
    expect(s).toMatchObject({ n: 5, p50: 3, p99: 10, max: 10, mean: 4 });
  });
  it('rounds', () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(Number.NaN)).toBeNaN();
  });
});
