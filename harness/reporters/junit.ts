/**
 * JUnit XML for CI: one testsuite per mode, one testcase per scenario run, failures with expected
 * vs actual, the transcript in system-out.
 */
import type { RunReport } from '../report-schema.js';
import { transcriptLines } from './transcript.js';

/** Escapes text for XML and drops characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

export function junitReport(report: RunReport): string {
  const modes = [...new Set(report.runs.map((r) => r.mode))];
  const suites = modes.map((mode) => {
    const runs = report.runs.filter((r) => r.mode === mode);
    const failures = runs.filter((r) => !r.passed).length;
    const time = runs.reduce((t, r) => t + r.duration_ms, 0);
    const cases = runs.map((r) => {
      const tags = r.behaviors.map((b) => `[${b}]`).join('');
      const name = `${tags}${tags ? ' ' : ''}${r.name} (${r.mode})${report.repeat > 1 ? ` #${r.attempt}` : ''}`;
      const out = `<system-out>${xmlEscape(transcriptLines(r.turns).join('\n'))}</system-out>`;
      const failure = r.passed ? '' : `<failure message="${xmlEscape(r.failures[0] ?? 'failed')}" type="ScenarioFailure">${xmlEscape(r.failures.join('\n'))}</failure>`;
      return `    <testcase classname="${xmlEscape(r.file)}" name="${xmlEscape(name)}" time="${secs(r.duration_ms)}">${failure}${out}</testcase>`;
    });
    return [
      `  <testsuite name="${xmlEscape(`scenarios (${mode})`)}" tests="${runs.length}" failures="${failures}" errors="0" skipped="0" time="${secs(time)}" timestamp="${xmlEscape(report.started_at.replace(/Z$/, ''))}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="scenarios" tests="${report.totals.runs}" failures="${report.totals.failed}" errors="0" time="${secs(report.duration_ms)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
