/**
 * The JSON report of a harness run (reporter `json`), defined once with zod. The web scenario
 * viewer reads it: each scenario run carries a flat list of turns in the order they happened.
 */
import { z } from 'zod';

/**
 * How an expectation ended. `scripted`: in `--model scripted` it only echoes the scenario's own
 * script (the tool calls and text the scenario made the model say), so it held by construction and
 * is not counted; `not_run`: it could not be checked (a judged expectation without `--judge`).
 * Only `passed` and `failed` count in pass rates.
 */
export const ExpectationStatus = z.enum(['passed', 'failed', 'scripted', 'not_run']);
export type ExpectationStatus = z.infer<typeof ExpectationStatus>;

export const Usage = z.object({ input_tokens: z.number().int().min(0), output_tokens: z.number().int().min(0) });
export type Usage = z.infer<typeof Usage>;

const At = { step: z.number().int().min(-1).describe('0-based step index; -1 for setup'), at_ms: z.number().min(0) };

export const Turn = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), ...At, user: z.string(), conversation: z.string(), text: z.string() }),
  z.object({ kind: z.literal('assistant'), ...At, user: z.string(), text: z.string() }),
  z.object({
    kind: z.literal('tool-call'),
    ...At,
    user: z.string(),
    id: z.string(),
    name: z.string(),
    args: z.unknown(),
  }),
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
    /** True for `passed` and `scripted`; false for `failed` and `not_run` (a not-run check never reads as passed). */
    passed: z.boolean(),
    expected: z.string(),
    actual: z.string(),
    status: ExpectationStatus.optional().describe('Absent in older reports: read `passed`.'),
    /** The judge's reason (judged expectations) or why the check was not run. */
    reason: z.string().optional(),
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
  // Added with matrices (all optional: older reports have none of them).
  /** Matrix cell: the model, and ` × PROMPT` when a --prompt variant is used. */
  cell: z.string().optional(),
  model: z.string().optional(),
  /** Name of the system prompt variant (`default` = the agent's own prompt). */
  prompt: z.string().optional(),
  /** Position of this run in the whole (unsharded) job list; orders runs in reports and merges. */
  index: z.number().int().min(0).optional(),
  /** `rate_limited`: the provider kept answering 429 after every retry; not counted as a failure of the agent. */
  outcome: z.enum(['passed', 'failed', 'rate_limited']).optional(),
  usage: Usage.optional(),
  /** USD from the price table; null when the model has no price. */
  cost_usd: z.number().min(0).nullable().optional(),
  /** Wall time of each user turn (message sent to reply finished), in order. */
  turn_latency_ms: z.array(z.number().min(0)).optional(),
  /** 429 answers retried during this run (agent model, judge, simulated user). */
  rate_limit_retries: z.number().int().min(0).optional(),
});
export type ScenarioRun = z.infer<typeof ScenarioRun>;

/** A run that was not started, with the reason (a scenario's `modes:` does not list the model). */
export const SkippedRun = ScenarioRun.pick({
  name: true,
  file: true,
  behaviors: true,
  mode: true,
  attempt: true,
}).extend({
  cell: z.string(),
  index: z.number().int().min(0),
  reason: z.string(),
});
export type SkippedRun = z.infer<typeof SkippedRun>;

export const ExpectationStat = z.object({
  id: z.string(),
  passed: z.number().int(),
  runs: z.number().int(),
  rate: z.number(),
});
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

/** A 95% Wilson score interval of a pass rate. */
export const Interval = z.object({ low: z.number().min(0).max(1), high: z.number().min(0).max(1) });

const Rate = {
  passed: z.number().int().min(0),
  /** Counted runs (or checks): passed + failed; skipped, rate-limited and not-run ones are left out. */
  runs: z.number().int().min(0),
  rate: z.number().min(0).max(1),
  ci95: Interval,
};

export const MatrixExpectation = z.object({
  id: z.string().describe('`step N <check>` or `always.<check>`, as in summaries'),
  ...Rate,
  scripted: z.number().int().min(0).describe('times it only echoed the script (not counted)'),
  not_run: z.number().int().min(0).describe('times it could not be checked (not counted)'),
});
export const MatrixScenario = z.object({
  name: z.string(),
  file: z.string(),
  ...Rate,
  skipped: z.number().int().min(0),
  rate_limited: z.number().int().min(0),
  expectations: z.array(MatrixExpectation),
});
export const MatrixCell = z.object({
  id: z.string().describe('the model, or `MODEL × PROMPT` with --prompt'),
  model: z.string(),
  prompt: z.string(),
  ...Rate,
  failed: z.number().int().min(0),
  skipped: z.number().int().min(0),
  rate_limited: z.number().int().min(0),
  rate_limit_retries: z.number().int().min(0),
  tokens: z.object({ input: z.number().int().min(0), output: z.number().int().min(0) }),
  /** USD for the cell's runs from the price table; null when the model has no price. */
  cost_usd: z.number().min(0).nullable(),
  /** Per user turn (message sent to reply finished), over every run of the cell. */
  latency_ms: z.object({ p50: z.number().min(0), p95: z.number().min(0), turns: z.number().int().min(0) }),
  scenarios: z.array(MatrixScenario),
});
export type MatrixCell = z.infer<typeof MatrixCell>;

export const Threshold = z.object({
  overall: z.number().min(0).max(1).optional().describe("every cell's pass rate must reach it"),
  scenario: z.number().min(0).max(1).optional().describe("every scenario's pass rate in every cell must reach it"),
  met: z.boolean(),
  /** What fell short, one line each. */
  misses: z.array(z.string()),
});

/**
 * Prompt × model matrix (present in reports written since matrices were added, also for one cell).
 * Cells are in the order models × prompts were given on the command line.
 */
export const Matrix = z.object({
  models: z.array(z.string()),
  prompts: z.array(z.object({ name: z.string(), file: z.string().optional().describe('absent for `default`') })),
  cells: z.array(MatrixCell),
  threshold: Threshold.optional(),
  /** USD per million tokens used for `cost_usd`. */
  prices: z.record(z.string(), z.object({ input: z.number().min(0), output: z.number().min(0) })),
});
export type Matrix = z.infer<typeof Matrix>;

export const RunReport = z.object({
  version: z.literal(1),
  /** The first model; with several, `matrix.models` lists them all. */
  model: z.string(),
  repeat: z.number().int().min(1),
  started_at: z.string(),
  duration_ms: z.number().min(0),
  /** Every counted run passed (or, with --threshold, the threshold was met). */
  passed: z.boolean(),
  totals: z.object({
    runs: z.number().int(),
    passed: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int().optional(),
    rate_limited: z.number().int().optional(),
  }),
  summaries: z.array(ScenarioSummary),
  runs: z.array(ScenarioRun),
  skipped: z.array(SkippedRun).optional(),
  matrix: Matrix.optional(),
  /** Shards merged into this report (`merge`), or this run's own shard `K/N`. */
  shards: z.array(z.string()).optional(),
});
export type RunReport = z.infer<typeof RunReport>;
