/** Rates, 95% Wilson intervals and percentiles for the harness's reports. Pure. */

export const rate = (passed: number, runs: number) => (runs === 0 ? 0 : Math.round((passed / runs) * 1000) / 1000);

/** 95% Wilson score interval of `passed` out of `n` (0..1 when n = 0). */
export function wilson(passed: number, n: number, z = 1.96): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = passed / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  const r = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
  return { low: r(centre - half), high: r(centre + half) };
}

/** Nearest-rank percentile of unsorted samples (0 when empty). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}
