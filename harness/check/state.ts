/**
 * The `state` expectation: what the mock services recorded since the stack started (Slack messages
 * posted, Linear issues created), each expected record and their count.
 */
import type { StepExpect } from '../expect-schema.js';
import { toRegExp } from '../match.js';
import { j } from './shared.js';
import type { StepObservation, Verdict } from './types.js';

/** A recorded text against `text` (exact) or `{ equals, contains (any case), matches }`. */
function textMatches(
  m: string | { equals?: string; contains?: string; matches?: string } | undefined,
  actual: string | undefined,
): boolean {
  if (m === undefined) return true;
  if (actual === undefined) return false;
  if (typeof m === 'string') return actual === m;
  if (m.equals !== undefined && actual !== m.equals) return false;
  if (m.matches !== undefined && !toRegExp(m.matches).test(actual)) return false;
  return m.contains === undefined || actual.toLowerCase().includes(m.contains.toLowerCase());
}

/**
 * Each expected record found among the recorded ones (`<id>[i]`), and their number when a count is
 * expected (`<id>_count`): the posted messages or created issues of one mock.
 */
function checkRecords<E, A>(
  out: Verdict[],
  id: string,
  noun: string,
  want: { each?: readonly E[]; count?: number },
  recorded: readonly A[],
  matches: (expected: E, actual: A) => boolean,
): void {
  (want.each ?? []).forEach((p, i) => {
    out.push({
      id: `${id}[${i}]`,
      passed: recorded.some((x) => matches(p, x)),
      expected: `${noun} ${j(p)}`,
      actual: `${id.split('.').pop() ?? id}: ${j(recorded)}`,
    });
  });
  if (want.count !== undefined)
    out.push({
      id: `${id}_count`,
      passed: recorded.length === want.count,
      expected: `${want.count} new ${noun}s`,
      actual: `${recorded.length}: ${j(recorded)}`,
    });
}

export function checkState(e: StepExpect, obs: StepObservation, out: Verdict[]): void {
  for (const [server, m] of Object.entries(e.state ?? {})) {
    const diff = obs.services?.[server];
    const posted = { each: m.posted, count: m.posted_count };
    checkRecords(out, `state.${server}.posted`, `${server} message`, posted, diff?.posted ?? [], (p, x) => {
      return (
        (!p.channel || x.channel === p.channel) &&
        textMatches(p.text, x.text) &&
        (!p.account || x.account === p.account)
      );
    });
    const created = { each: m.created, count: m.created_count };
    checkRecords(out, `state.${server}.created`, `${server} issue`, created, diff?.created ?? [], (p, x) => {
      const where = (!p.team || x.team === p.team) && (!p.state || x.state === p.state);
      return (
        where &&
        textMatches(p.title, x.title) &&
        textMatches(p.description, x.description) &&
        (!p.account || x.account === p.account)
      );
    });
  }
}
