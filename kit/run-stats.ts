/**
 * Test helper: the harness's pass rates for a finished list of runs (per scenario and cell, per
 * expectation, flaky ones named), through its streaming `Aggregator`, which the CLI feeds run by run.
 */
import { Aggregator } from '../harness/aggregate.js';
import type { ScenarioRun, ScenarioSummary } from '../harness/report-schema.js';

/** Groups runs by scenario and cell, keeping first-seen order. */
export function summarize(runs: readonly ScenarioRun[]): ScenarioSummary[] {
  const agg = new Aggregator();
  for (const r of runs) agg.add(r);
  return agg.summaries();
}
