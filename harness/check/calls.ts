/**
 * The tool-call expectations: `tool_calls` (in order), `tool_calls_any_order`, `no_tool_calls` and
 * `tool_call_count`.
 */
import type { StepExpect, ToolCallMatcher } from '../expect-schema.js';
import { callMatches, describeCallMatcher } from '../match.js';
import { callIn, calls } from './shared.js';
import type { StepObservation, Verdict } from './types.js';

export function checkCalls(e: StepExpect, obs: StepObservation, out: Verdict[]): void {
  const ordered: ToolCallMatcher[] = e.tool_calls ?? [];
  let from = 0;
  ordered.forEach((m, i) => {
    const at = obs.calls.findIndex((c, k) => k >= from && callMatches(m, c));
    out.push({
      id: `tool_calls[${i}]`,
      passed: at >= 0,
      expected: `call ${describeCallMatcher(m)}${i ? ' after the previous one' : ''}`,
      actual: calls(obs.calls),
    });
    if (at >= 0) from = at + 1;
  });
  (e.tool_calls_any_order ?? []).forEach((m, i) =>
    out.push({
      id: `tool_calls_any_order[${i}]`,
      passed: obs.calls.some((c) => callMatches(m, c)),
      expected: `call ${describeCallMatcher(m)}`,
      actual: calls(obs.calls),
    }),
  );
  (e.no_tool_calls ?? []).forEach((m, i) => {
    const bad = obs.calls.filter((c) => callMatches(m, c));
    out.push({
      id: `no_tool_calls[${i}]`,
      passed: bad.length === 0,
      expected: `no call ${describeCallMatcher(m)}`,
      actual: bad.length ? calls(bad) : 'none',
    });
  });
  (e.tool_call_count ?? []).forEach((m, i) => {
    const n = obs.calls.filter((c) => callIn(m, c)).length;
    const ok =
      (m.equals === undefined || n === m.equals) &&
      (m.min === undefined || n >= m.min) &&
      (m.max === undefined || n <= m.max);
    const bounds = [
      m.equals !== undefined ? `= ${m.equals}` : '',
      m.min !== undefined ? `>= ${m.min}` : '',
      m.max !== undefined ? `<= ${m.max}` : '',
    ];
    out.push({
      id: `tool_call_count[${i}]`,
      passed: ok,
      expected: `count of ${m.name ?? m.tool ?? '*'} ${bounds.filter(Boolean).join(' and ')}`,
      actual: String(n),
    });
  });
}
