/**
 * Terminal output: a progress line while running, then ✓/✗ per scenario run; each failure with
 * expected vs actual and the transcript of the failing step and the one before it.
 */
import type { RunReport, ScenarioRun } from '../report-schema.js';
import { turnLine } from './transcript.js';

const GREEN = (s: string, color: boolean) => (color ? `\x1b[32m${s}\x1b[0m` : s);
const RED = (s: string, color: boolean) => (color ? `\x1b[31m${s}\x1b[0m` : s);
const DIM = (s: string, color: boolean) => (color ? `\x1b[2m${s}\x1b[0m` : s);

export function runTitle(r: ScenarioRun, repeat = 1): string {
  const tags = r.behaviors.map((b) => `[${b}]`).join('');
  return `${tags}${tags ? ' ' : ''}${r.name} (${r.mode})${repeat > 1 ? ` #${r.attempt}` : ''}`;
}

export function progressLine(done: number, total: number, failed: number): string {
  return `scenarios ${done}/${total}${failed ? `, ${failed} failed` : ''}`;
}

/** The failing run in detail: each failure, then the transcript around the first failing step. */
export function failureDetail(r: ScenarioRun, color = false): string[] {
  const lines = r.failures.map((f) => `    ${RED('✗', color)} ${f}`);
  const failing = r.turns.find((t) => (t.kind === 'expectation' && !t.passed) || t.kind === 'error' || (t.kind === 'action' && !t.ok));
  const step = failing?.step ?? r.turns.at(-1)?.step ?? 0;
  const around = r.turns.filter((t) => t.step >= step - 1 && t.step <= step && (t.kind !== 'expectation' || !t.passed));
  const label = step < 0 ? 'setup' : step === 0 ? 'step 1' : `steps ${step}-${step + 1}`;
  if (around.length > 0) lines.push(DIM(`    transcript (${label}):`, color), ...around.map((t) => DIM(`      ${turnLine(t)}`, color)));
  return lines;
}

export function prettyResult(r: ScenarioRun, repeat: number, color = false): string {
  const head = `${r.passed ? GREEN('✓', color) : RED('✗', color)} ${runTitle(r, repeat)} ${DIM(`${Math.round(r.duration_ms)} ms`, color)}`;
  return r.passed ? head : [head, ...failureDetail(r, color)].join('\n');
}

export function prettySummary(report: RunReport, color = false): string {
  const lines: string[] = [];
  if (report.repeat > 1) {
    lines.push('', 'pass rates:');
    for (const s of report.summaries) {
      lines.push(`  ${(s.rate * 100).toFixed(0).padStart(3)}% ${s.name} (${s.passed}/${s.runs})`);
      for (const e of s.expectations.filter((x) => x.rate < 1)) lines.push(`       ${(e.rate * 100).toFixed(0).padStart(3)}% ${e.id}${s.flaky.includes(e.id) ? ' (flaky)' : ''}`);
    }
    const flaky = report.summaries.flatMap((s) => s.flaky.map((f) => `${s.name}: ${f}`));
    if (flaky.length) lines.push('', `flaky expectations (${flaky.length}):`, ...flaky.map((f) => `  ${f}`));
  }
  const { runs, passed, failed } = report.totals;
  const verdict = failed === 0 ? GREEN(`${passed}/${runs} passed`, color) : RED(`${failed} failed, ${passed}/${runs} passed`, color);
  lines.push('', `${verdict} in ${(report.duration_ms / 1000).toFixed(2)} s (model ${report.model})`);
  return lines.join('\n');
}
