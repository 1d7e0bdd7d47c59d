/**
 * The JSON report of a harness run (reporter `json`), defined once with zod. The web scenario
 * viewer reads it: each scenario run carries a flat list of turns in the order they happened.
 */
import { z } from 'zod';

const At = { step: z.number().int().min(-1).describe('0-based step index; -1 for setup'), at_ms: z.number().min(0) };

export const Turn = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), ...At, user: z.string(), conversation: z.string(), text: z.string() }),
  z.object({ kind: z.literal('assistant'), ...At, user: z.string(), text: z.string() }),
  z.object({ kind: z.literal('tool-call'), ...At, user: z.string(), id: z.string(), name: z.string(), args: z.unknown() }),
  z.object({
    kind: z.literal('tool-result'),
    ...At,
    user: z.string(),
    id: z.string(),
    name: z.string(),
    is_error: z.boolean(),
    text: z.string(),
    json: z.unknown().optional(),
  }),
  z.object({
    kind: z.literal('action'),
    ...At,
    user: z.string().optional(),
    action: z.string(),
    detail: z.string(),
    ok: z.boolean(),
    error: z.string().optional(),
    duration_ms: z.number().min(0),
  }),
  z.object({
    kind: z.literal('expectation'),
    ...At,
    id: z.string(),
    passed: z.boolean(),
    expected: z.string(),
    actual: z.string(),
  }),
  z.object({ kind: z.literal('error'), ...At, message: z.string() }),
]);
export type Turn = z.infer<typeof Turn>;

export const ScenarioRun = z.object({
  name: z.string(),
  file: z.string(),
  behaviors: z.array(z.string()),
  mode: z.string(),
  attempt: z.number().int().min(1),
  passed: z.boolean(),
  duration_ms: z.number().min(0),
  /** Why the run failed, one line each (failed expectations, harness problems). */
  failures: z.array(z.string()),
  turns: z.array(Turn),
  llm_requests: z.number().int().min(0),
});
export type ScenarioRun = z.infer<typeof ScenarioRun>;

export const ExpectationStat = z.object({ id: z.string(), passed: z.number().int(), runs: z.number().int(), rate: z.number() });
export const ScenarioSummary = z.object({
  name: z.string(),
  file: z.string(),
  behaviors: z.array(z.string()),
  passed: z.number().int(),
  runs: z.number().int(),
  rate: z.number(),
  expectations: z.array(ExpectationStat),
  /** Expectations that passed in some runs and failed in others. */
  flaky: z.array(z.string()),
});
export type ScenarioSummary = z.infer<typeof ScenarioSummary>;

export const RunReport = z.object({
  version: z.literal(1),
  model: z.string(),
  repeat: z.number().int().min(1),
  started_at: z.string(),
  duration_ms: z.number().min(0),
  passed: z.boolean(),
  totals: z.object({ runs: z.number().int(), passed: z.number().int(), failed: z.number().int() }),
  summaries: z.array(ScenarioSummary),
  runs: z.array(ScenarioRun),
});
export type RunReport = z.infer<typeof RunReport>;
