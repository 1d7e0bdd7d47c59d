/**
 * The `reply` expectation on the assistant's text: contains / not_contains / regex / matches /
 * not_matches, and whether it mentions the latest auth link. (`reply.judge` is graded by the runner.)
 */
import type { StepExpect } from '../expect-schema.js';
import { toRegExp } from '../match.js';
import { j, list } from './shared.js';
import type { StepObservation, Verdict } from './types.js';

export function checkReply(e: StepExpect, obs: StepObservation, out: Verdict[]): void {
  const r = e.reply;
  if (!r) return;
  const text = obs.text;
  const lower = text.toLowerCase();
  const has = (s: string) => lower.includes(s.toLowerCase());
  const fits = (s: string) => toRegExp(s).test(text);
  // Each text rule: its key in the scenario, whether a value passes, and what it expected.
  const rules: Array<[string, string | string[] | undefined, (s: string) => boolean, (s: string) => string]> = [
    ['contains', r.contains, has, (s) => `reply contains ${j(s)}`],
    ['not_contains', r.not_contains, (s) => !has(s), (s) => `reply does not contain ${j(s)}`],
    ['regex', r.regex, fits, (s) => `reply matches /${s}/`],
    ['matches', r.matches, fits, (s) => `reply matches /${s}/`],
    ['not_matches', r.not_matches, (s) => !fits(s), (s) => `reply does not match /${s}/`],
  ];
  for (const [key, values, passes, expected] of rules)
    list(values).forEach((s, i) =>
      out.push({ id: `reply.${key}[${i}]`, passed: passes(s), expected: expected(s), actual: j(text) }),
    );
  if (r.mentions_link !== undefined) {
    const has = obs.authLink !== undefined && text.includes(obs.authLink);
    out.push({
      id: 'reply.mentions_link',
      passed: has === r.mentions_link,
      expected: `reply ${r.mentions_link ? 'contains' : 'does not contain'} the auth link ${obs.authLink ?? '(none seen yet)'}`,
      actual: j(text),
    });
  }
}
