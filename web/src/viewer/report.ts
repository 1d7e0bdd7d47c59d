/**
 * The harness JSON report as the scenario viewer reads it. Lenient on purpose: unknown fields are
 * kept, missing optional ones are fine, so reports from older or newer harness versions still open.
 */
import { z } from 'zod';

export const TURN_KINDS = ['user', 'assistant', 'tool-call', 'tool-result', 'action', 'expectation'] as const;

export const ReportTurn = z.looseObject({
  kind: z.string(),
  text: z.string().optional(),
  tool: z.string().optional(),
  args: z.unknown().optional(),
  result: z.unknown().optional(),
  passed: z.boolean().optional(),
  expected: z.unknown().optional(),
  actual: z.unknown().optional(),
});
export type ReportTurn = z.infer<typeof ReportTurn>;

export const ReportScenario = z.looseObject({
  name: z.string(),
  file: z.string().optional(),
  passed: z.boolean(),
  durationMs: z.number().optional(),
  error: z.string().optional(),
  turns: z.array(ReportTurn).default([]),
});
export type ReportScenario = z.infer<typeof ReportScenario>;

export const Report = z.looseObject({
  startedAt: z.string().optional(),
  model: z.string().optional(),
  scenarios: z.array(ReportScenario),
});
export type Report = z.infer<typeof Report>;

/** Parses report JSON text; the error names the first problem and where it is. */
export function parseReport(text: string): { ok: true; report: Report } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The file is not JSON.' };
  }
  const parsed = Report.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: `Not a harness report${where}: ${issue?.message ?? 'unexpected shape'}` };
  }
  return { ok: true, report: parsed.data };
}

/** Counts for the summary line. */
export function summarize(report: Report): { total: number; passed: number; failed: number } {
  const passed = report.scenarios.filter((s) => s.passed).length;
  return { total: report.scenarios.length, passed, failed: report.scenarios.length - passed };
}

/** Human label for a turn kind. */
export function turnKindLabel(kind: string): string {
  const labels: Record<string, string> = {
    user: 'User', assistant: 'Assistant', 'tool-call': 'Tool call', 'tool-result': 'Tool result', action: 'User action', expectation: 'Expectation',
  };
  return labels[kind] ?? kind;
}
