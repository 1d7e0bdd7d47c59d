/**
 * Reading a harness JSON report (`harness/report-schema.ts`, the one shared definition) for the
 * scenario viewer, and turning each recorded turn into what the viewer shows.
 */
import { z } from 'zod';
import { RunReport, type ScenarioRun, type Turn } from '../../../harness/report-schema.js';
import type { ReportMatrix } from './analysis.js';

export type { RunReport, ScenarioRun, Turn };

/**
 * Matrix fields of reports written since the harness added prompt × model matrices (`runs[].cell`,
 * `matrix.cells`). Read with this local schema of only what the viewer shows, from the raw JSON,
 * so the viewer reads older reports (no matrix) and newer ones alike.
 */
const Interval = z.object({ low: z.number(), high: z.number() });
const Rate = { passed: z.number(), runs: z.number(), rate: z.number(), ci95: Interval };
const MatrixFields = z.object({
  runs: z.array(z.looseObject({ cell: z.string().optional() })),
  matrix: z
    .looseObject({
      cells: z.array(
        z.looseObject({ id: z.string(), ...Rate, scenarios: z.array(z.looseObject({ name: z.string(), ...Rate })) }),
      ),
    })
    .optional(),
});

export interface ReportExtras {
  /** Each run's matrix cell, aligned with `report.runs` (undefined in older reports). */
  runCells: Array<string | undefined>;
  matrix?: ReportMatrix;
}

/** Parses report JSON text; the error names the first problem and where it is. */
export function parseReport(
  text: string,
): { ok: true; report: RunReport; extras: ReportExtras } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The file is not JSON.' };
  }
  const parsed = RunReport.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: `Not a harness report${where}: ${issue?.message ?? 'unexpected shape'}` };
  }
  const fields = MatrixFields.safeParse(json);
  const extras: ReportExtras = fields.success
    ? { runCells: fields.data.runs.map((r) => r.cell), ...(fields.data.matrix ? { matrix: fields.data.matrix } : {}) }
    : { runCells: [] };
  return { ok: true, report: parsed.data, extras };
}

export interface TurnView {
  kind: Turn['kind'];
  heading: string;
  text?: string;
  blocks: Array<{ label: string; value: unknown }>;
  /** true passed, false failed, undefined when the turn has no verdict. */
  verdict?: boolean;
}

/** What one turn looks like in the viewer. */
export function viewTurn(turn: Turn): TurnView {
  switch (turn.kind) {
    case 'user':
      return { kind: turn.kind, heading: `User (${turn.user})`, text: turn.text, blocks: [] };
    case 'assistant':
      return { kind: turn.kind, heading: 'Assistant', text: turn.text, blocks: [] };
    case 'tool-call':
      return {
        kind: turn.kind,
        heading: `Tool call: ${turn.name}`,
        blocks: [{ label: 'Arguments', value: turn.args ?? {} }],
      };
    case 'tool-result':
      return {
        kind: turn.kind,
        heading: `Tool result: ${turn.name}${turn.is_error ? ' (error)' : ''}`,
        blocks: [{ label: 'Result', value: turn.json ?? turn.text }],
      };
    case 'action':
      return {
        kind: turn.kind,
        heading: `User action: ${turn.action}`,
        text: turn.detail,
        blocks: turn.error ? [{ label: 'Error', value: turn.error }] : [],
        verdict: turn.ok,
      };
    case 'expectation':
      return {
        kind: turn.kind,
        heading: `Expectation: ${turn.id}`,
        blocks: [
          { label: 'Expected', value: turn.expected },
          { label: 'Actual', value: turn.actual },
        ],
        verdict: turn.passed,
      };
    case 'error':
      return { kind: turn.kind, heading: 'Harness error', text: turn.message, blocks: [], verdict: false };
  }
}

/** The scenario's label in the list; repeated runs are numbered. */
export function runLabel(run: ScenarioRun, report: RunReport): string {
  return report.repeat > 1 ? `${run.name} #${run.attempt}` : run.name;
}
