/**
 * Pass rates for `--repeat N`: per scenario (and cell) and per expectation, naming the flaky ones
 * (passed in some runs, failed in others). Pure; the work is done by the streaming `Aggregator`.
 */
import { Aggregator } from './aggregate.js';
import type { ScenarioRun, ScenarioSummary } from './report-schema.js';

/** Groups runs by scenario and cell, keeping first-seen order. */
export function summarize(runs: readonly ScenarioRun[]): ScenarioSummary[] {
  const agg = new Aggregator();
  for (const r of runs) agg.add(r);
  return agg.summaries();
}
