import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderTable, row, unavailable } from './results.js';

describe('row', () => {
  it('judges each target operator at its boundary', () => {
    expect(row('g', 'f', 1, 'ms', { op: '<=', limit: 1 }).met).toBe('yes');
    expect(row('g', 'f', 1.01, 'ms', { op: '<=', limit: 1 }).met).toBe('no');
    expect(row('g', 'f', 10, 's', { op: '<', limit: 10 }).met).toBe('no');
    expect(row('g', 'f', 0.7, '', { op: '>=', limit: 0.7 }).met).toBe('yes');
  });
  it('says not available for a missing or non-finite value and counts its target as missed', () => {
    const r = row('g', 'f', Number.NaN, 'ms', { op: '<=', limit: 5 });
    expect(r).toMatchObject({ value: 'not available', met: 'no', target: '≤ 5 ms' });
    expect(row('g', 'f', undefined, 'ms').met).toBe('n/a');
    expect(unavailable('g', 'f', '< 3 s', 'why').met).toBe('no');
    expect(unavailable('g', 'f', '', 'why').met).toBe('n/a');
  });
  it('formats values with their unit', () => {
    expect(row('g', 'f', 1234.4, 'KB').value).toBe('1,234 KB');
    expect(row('g', 'f', 2.345, 'ms').value).toBe('2.35 ms');
    expect(row('g', 'f', 0, '').value).toBe('0');
  });
});

describe('tables', () => {
  const rows = [
    row('tool call', 'overhead p50', 0.4, 'ms', { op: '<=', limit: 1 }),
    unavailable('scenarios', 'median | x', '< 300 ms', 'n'),
  ];
  it('aligns the terminal table and lists every row', () => {
    const lines = renderTable(rows).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^tool call: overhead p50\s+0\.40 ms\s+≤ 1 ms\s+yes$/);
  });
  it('escapes pipes in Markdown cells', () => {
    expect(renderMarkdown(rows)).toContain('scenarios: median \\| x');
  });
});
