/**
 * Terminal output: a progress line while running, then ✓/✗ per scenario run; each failure with
 * expected vs actual and the transcript of the failing step and the one before it.
 */
import type { RunReport, ScenarioRun } from '../report-schema.js';
import { pct } from '../aggregate.js';
import { turnLine } from './transcript.js';

const GREEN = (s: string, color: boolean) => (color ? `\x1b[32m${s}\x1b[0m` : s);
const RED = (s: string, color: boolean) => (color ? `\x1b[31m${s}\x1b[0m` : s);
const DIM = (s: string, color: boolean) => (color ? `\x1b[2m${s}\x1b[0m` : s);

export function runTitle(r: ScenarioRun, repeat = 1): string {
  const tags = r.behaviors.map((b) => `[${b}]`).join('');
  return `${tags}${tags ? ' ' : ''}${r.name} (${r.cell ?? r.mode})${repeat > 1 ? ` #${r.attempt}` : ''}`;
}

export function progressLine(done: number, total: number, failed: number, skipped = 0): string {
  return `scenarios ${done}/${total}${failed ? `, ${failed} failed` : ''}${skipped ? ` (${skipped} skipped)` : ''}`;
}

/** The failing run in detail: each failure, then the transcript around the first failing step. */
export function failureDetail(r: ScenarioRun, color = false): string[] {
  const lines = r.failures.map((f) => `    ${RED('✗', color)} ${f}`);
  const failing = r.turns.find(
    (t) => (t.kind === 'expectation' && !t.passed) || t.kind === 'error' || (t.kind === 'action' && !t.ok),
  );
  const step = failing?.step ?? r.turns.at(-1)?.step ?? 0;
  const around = r.turns.filter((t) => t.step >= step - 1 && t.step <= step && (t.kind !== 'expectation' || !t.passed));
  const label = step < 0 ? 'setup' : step === 0 ? 'step 1' : `steps ${step}-${step + 1}`;
  if (around.length > 0)
    lines.push(DIM(`    transcript (${label}):`, color), ...around.map((t) => DIM(`      ${turnLine(t)}`, color)));
  return lines;
}

export function prettyResult(r: ScenarioRun, repeat: number, color = false): string {
  const mark = r.outcome === 'rate_limited' ? '!' : r.passed ? GREEN('✓', color) : RED('✗', color);
  const note = r.outcome === 'rate_limited' ? ' rate-limited by the provider (not counted)' : '';
  const head = `${mark} ${runTitle(r, repeat)} ${DIM(`${Math.round(r.duration_ms)} ms`, color)}${note}`;
  return r.passed ? head : [head, ...failureDetail(r, color)].join('\n');
}

const money = (c: number | null) => (c === null ? 'no price' : `$${c < 0.01 && c > 0 ? c.toFixed(4) : c.toFixed(2)}`);
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);

/** The per-cell table: pass rate with its 95% interval, tokens, cost, turn latency. */
export function matrixLines(report: Omit<RunReport, 'runs'>): string[] {
  const cells = report.matrix?.cells ?? [];
  if (cells.length === 0) return [];
  const rows = cells.map((c) => [
    c.id,
    c.runs ? `${pct(c.rate)} (${c.passed}/${c.runs})` : 'no runs',
    c.runs ? `${pct(c.ci95.low)}-${pct(c.ci95.high)}` : '',
    `${c.tokens.input}/${c.tokens.output}`,
    money(c.cost_usd),
    c.latency_ms.turns ? `${ms(c.latency_ms.p50)} / ${ms(c.latency_ms.p95)}` : '',
    [
      c.skipped ? `${c.skipped} skipped` : '',
      c.rate_limited ? `${c.rate_limited} rate-limited` : '',
      c.rate_limit_retries ? `${c.rate_limit_retries} 429 retries` : '',
    ]
      .filter(Boolean)
      .join(', '),
  ]);
  const head = ['cell', 'pass rate', '95% CI', 'tokens in/out', 'cost', 'turn p50 / p95', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `  ${r.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
  return ['', line(head), ...rows.map(line)];
}

export function prettySummary(report: Omit<RunReport, 'runs'>, color = false): string {
  const lines: string[] = [];
  if (report.repeat > 1) {
    lines.push('', 'pass rates:');
    for (const s of report.summaries) {
      lines.push(`  ${(s.rate * 100).toFixed(0).padStart(3)}% ${s.name} (${s.passed}/${s.runs})`);
      for (const e of s.expectations.filter((x) => x.rate < 1))
        lines.push(
          `       ${(e.rate * 100).toFixed(0).padStart(3)}% ${e.id}${s.flaky.includes(e.id) ? ' (flaky)' : ''}`,
        );
    }
    const flaky = report.summaries.flatMap((s) => s.flaky.map((f) => `${s.name}: ${f}`));
    if (flaky.length) lines.push('', `flaky expectations (${flaky.length}):`, ...flaky.map((f) => `  ${f}`));
  }
  const cells = report.matrix?.cells ?? [];
  if (cells.length > 1 || report.repeat > 1 || cells.some((c) => c.tokens.input > 0))
    lines.push(...matrixLines(report));
  const skipped = report.skipped ?? [];
  if (skipped.length) {
    const reasons = new Map<string, string>();
    for (const s of skipped) reasons.set(`${s.name} (${s.cell})`, s.reason);
    lines.push(
      '',
      `skipped (${skipped.length} run${skipped.length === 1 ? '' : 's'}):`,
      ...[...reasons].map(([k, r]) => `  ${k}: ${r}`),
    );
  }
  const t = report.matrix?.threshold;
  if (t) {
    const what = [
      t.overall !== undefined ? `overall ${pct(t.overall)}` : '',
      t.scenario !== undefined ? `per scenario ${pct(t.scenario)}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      '',
      t.met ? GREEN(`threshold met (${what})`, color) : RED(`threshold missed (${what}):`, color),
      ...t.misses.map((m) => `  ${m}`),
    );
  }
  const { runs, passed, failed } = report.totals;
  const extra = [
    report.totals.skipped ? `${report.totals.skipped} skipped` : '',
    report.totals.rate_limited ? `${report.totals.rate_limited} rate-limited (not counted)` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const verdict =
    failed === 0 ? GREEN(`${passed}/${runs} passed`, color) : RED(`${failed} failed, ${passed}/${runs} passed`, color);
  const cost = cells.some((c) => c.cost_usd === null)
    ? 'cost: no price for some models'
    : `cost ${money(cells.reduce((n, c) => n + (c.cost_usd ?? 0), 0))}`;
  const models = report.matrix?.models.join(', ') ?? report.model;
  lines.push(
    '',
    `${verdict}${extra ? `, ${extra}` : ''} in ${(report.duration_ms / 1000).toFixed(2)} s (model ${models}; ${cost})`,
  );
  return lines.join('\n');
}
