/**
 * JUnit XML for CI: one testsuite per matrix cell (the model, and the prompt variant), one testcase
 * per scenario run, failures with expected vs actual, the transcript in system-out, skipped and
 * rate-limited runs as skipped cases. Written in pieces so a big run streams.
 */
import type { RunReport, ScenarioRun, SkippedRun } from '../report-schema.js';
import { transcriptLines } from './transcript.js';

/** Escapes text for XML and drops characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

export function junitHead(t: { tests: number; failures: number; ms: number }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="scenarios" tests="${t.tests}" failures="${t.failures}" errors="0" time="${secs(t.ms)}">\n`;
}
export const JUNIT_FOOT = '</testsuites>\n';

export function junitSuiteHead(t: {
  name: string;
  tests: number;
  failures: number;
  skipped: number;
  ms: number;
  timestamp: string;
}): string {
  return `  <testsuite name="${xmlEscape(t.name)}" tests="${t.tests}" failures="${t.failures}" errors="0" skipped="${t.skipped}" time="${secs(t.ms)}" timestamp="${xmlEscape(t.timestamp.replace(/Z$/, ''))}">\n`;
}
export const JUNIT_SUITE_FOOT = '  </testsuite>\n';

type CaseInput =
  { run: ScenarioRun; repeat: number; skipped?: undefined } | { skipped: SkippedRun; repeat: number; run?: undefined };

/** One testcase: a run (failure and transcript) or a skipped run (with the reason). */
export function junitCase(c: CaseInput): string {
  const r = c.run ?? c.skipped;
  const tags = r.behaviors.map((b) => `[${b}]`).join('');
  const name = `${tags}${tags ? ' ' : ''}${r.name} (${r.cell ?? r.mode})${c.repeat > 1 ? ` #${r.attempt}` : ''}`;
  const head = `    <testcase classname="${xmlEscape(r.file)}" name="${xmlEscape(name)}"`;
  if (c.skipped) return `${head} time="0.000"><skipped message="${xmlEscape(c.skipped.reason)}"/></testcase>\n`;
  const run = c.run;
  const out = `<system-out>${xmlEscape(transcriptLines(run.turns).join('\n'))}</system-out>`;
  if (run.outcome === 'rate_limited')
    return `${head} time="${secs(run.duration_ms)}"><skipped message="${xmlEscape(`rate limited by the model provider (429) after retries: ${run.failures[0] ?? ''}`)}"/>${out}</testcase>\n`;
  const failure = run.passed
    ? ''
    : `<failure message="${xmlEscape(run.failures[0] ?? 'failed')}" type="ScenarioFailure">${xmlEscape(run.failures.join('\n'))}</failure>`;
  return `${head} time="${secs(run.duration_ms)}">${failure}${out}</testcase>\n`;
}

/** The whole JUnit file of an in-memory report (one suite per cell). */
export function junitReport(report: RunReport): string {
  const cells = [...new Set(report.runs.map((r) => r.cell ?? r.mode))];
  const parts = [junitHead({ tests: report.totals.runs, failures: report.totals.failed, ms: report.duration_ms })];
  for (const cell of cells) {
    const runs = report.runs.filter((r) => (r.cell ?? r.mode) === cell);
    const skipped = runs.filter((r) => r.outcome === 'rate_limited').length;
    const failures = runs.filter((r) => !r.passed && r.outcome !== 'rate_limited').length;
    parts.push(
      junitSuiteHead({
        name: `scenarios (${cell})`,
        tests: runs.length,
        failures,
        skipped,
        ms: runs.reduce((t, r) => t + r.duration_ms, 0),
        timestamp: report.started_at,
      }),
    );
    for (const run of runs) parts.push(junitCase({ run, repeat: report.repeat }));
    parts.push(JUNIT_SUITE_FOOT);
  }
  parts.push(JUNIT_FOOT);
  return parts.join('');
}
