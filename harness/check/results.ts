/**
 * The `tool_results` expectation: the last result of the named tool, its status, servers, link, error
 * flag, text and JSON, all problems of one result in one verdict.
 */
import type { StepExpect } from '../expect-schema.js';
import { matchValue, toRegExp } from '../match.js';
import { callIn, calls, j, list, sameSet } from './shared.js';
import type { StepObservation, Verdict } from './types.js';

export function checkResults(e: StepExpect, obs: StepObservation, out: Verdict[]): void {
  (e.tool_results ?? []).forEach((m, i) => {
    const id = `tool_results[${i}]`;
    const which = m.name ?? m.tool ?? '*';
    const hits = obs.calls.filter(
      (c) => callIn({ name: m.name, tool: m.tool }, c) && (c.output !== undefined || c.isError),
    );
    const call = hits.at(-1);
    if (!call) {
      out.push({
        id,
        passed: false,
        expected: `a result of ${which}`,
        actual: `no result; calls: ${calls(obs.calls)}`,
      });
      return;
    }
    const json = (call.resultJson ?? {}) as Record<string, unknown>;
    const problems: string[] = [];
    if (m.status !== undefined && json.status !== m.status)
      problems.push(`status: expected ${m.status}, got ${j(json.status)}`);
    if (m.unauthenticated_servers) {
      const got = Array.isArray(json.unauthenticated_servers) ? json.unauthenticated_servers.map(String) : [];
      if (!sameSet(got, m.unauthenticated_servers))
        problems.push(
          `unauthenticated_servers: expected ${j(m.unauthenticated_servers)}, got ${j(json.unauthenticated_servers)}`,
        );
    }
    if (m.has_auth_link !== undefined && (typeof json.auth_link === 'string') !== m.has_auth_link)
      problems.push(`auth_link: expected ${m.has_auth_link ? 'a link' : 'none'}, got ${j(json.auth_link)}`);
    if (m.is_error !== undefined && call.isError !== m.is_error)
      problems.push(`is_error: expected ${m.is_error}, got ${call.isError}`);
    const text = call.resultText ?? '';
    for (const s of list(m.contains))
      if (!text.toLowerCase().includes(s.toLowerCase())) problems.push(`text: expected to contain ${j(s)}`);
    for (const s of list(m.not_contains))
      if (text.toLowerCase().includes(s.toLowerCase())) problems.push(`text: expected NOT to contain ${j(s)}`);
    for (const r of list(m.matches)) if (!toRegExp(r).test(text)) problems.push(`text: expected to match /${r}/`);
    for (const r of list(m.not_matches))
      if (toRegExp(r).test(text)) problems.push(`text: expected NOT to match /${r}/`);
    if (m.json) problems.push(...matchValue(m.json, call.resultJson));
    out.push({
      id,
      passed: problems.length === 0,
      expected: `result of ${which}: ${j(m)}`,
      actual: problems.length ? `${problems.join('; ')} in ${call.resultText ?? ''}` : (call.resultText ?? ''),
    });
  });
}
