/**
 * One row per figure: its value, target and whether it is met; printed as one table and saved as
 * bench/results.json. Rows that could not be measured say so instead of failing the run.
 */
export type Verdict = 'yes' | 'no' | 'n/a';

export interface Row {
  group: string;
  figure: string;
  value: string;
  target: string;
  met: Verdict;
  /** Raw number behind `value`, when there is one. */
  raw?: number;
  note?: string;
}

export function row(
  group: string,
  figure: string,
  raw: number | undefined,
  unit: string,
  target?: { op: '<=' | '<' | '>='; limit: number; text?: string },
  note?: string,
): Row {
  const ok = raw !== undefined && Number.isFinite(raw);
  const value = ok ? `${formatNumber(raw)}${unit ? ` ${unit}` : ''}` : 'not available';
  // A target whose measurement failed is missed, never met and never left out of the count.
  let met: Verdict = target ? 'no' : 'n/a';
  if (target && ok)
    met = (target.op === '<=' ? raw <= target.limit : target.op === '<' ? raw < target.limit : raw >= target.limit)
      ? 'yes'
      : 'no';
  const targetText = target
    ? (target.text ??
      `${target.op === '>=' ? '≥' : target.op === '<=' ? '≤' : '<'} ${target.limit}${unit ? ` ${unit}` : ''}`)
    : '';
  return { group, figure, value, target: targetText, met, ...(ok ? { raw } : {}), ...(note ? { note } : {}) };
}

/** A row whose measurement failed: a row with a target counts as missed. */
export function unavailable(group: string, figure: string, target: string, note: string): Row {
  return { group, figure, value: 'not available', target, met: target ? 'no' : 'n/a', note };
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].length));

/** A plain-text table for the terminal. */
export function renderTable(rows: readonly Row[]): string {
  const cols = ['figure', 'value', 'target', 'met'] as const;
  const cells = rows.map((r) => [`${r.group}: ${r.figure}`, r.value, r.target, r.met]);
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((x) => [...(x[i] ?? '')].length)));
  const line = (xs: readonly string[]) =>
    xs
      .map((x, i) => pad(x, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(cols), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** The same table as Markdown, for the README's Performance section. */
export function renderMarkdown(rows: readonly Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| figure | value | target | met |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${esc(`${r.group}: ${r.figure}`)} | ${esc(r.value)} | ${esc(r.target)} | ${r.met} |`),
  ].join('\n');
}
