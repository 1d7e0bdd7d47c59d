/**
 * The `offered_tools` expectation: which tools the navigator offers the model, and the servers its
 * descriptions name as available.
 */
import type { StepExpect } from '../expect-schema.js';
import { globMatch } from '../match.js';
import { j, sameSet } from './shared.js';
import type { OfferedTools, StepObservation, Verdict } from './types.js';

export function checkOffered(e: StepExpect, obs: StepObservation, out: Verdict[]): void {
  const m = e.offered_tools;
  if (!m) return;
  const names = obs.offered?.tools.map((t) => t.name) ?? [];
  const got = obs.offered ? j(names) : 'tool list unavailable';
  (m.includes ?? []).forEach((g, i) =>
    out.push({
      id: `offered_tools.includes[${i}]`,
      passed: names.some((n) => globMatch(g, n)),
      expected: `a tool ${g} offered`,
      actual: got,
    }),
  );
  (m.excludes ?? []).forEach((g, i) =>
    out.push({
      id: `offered_tools.excludes[${i}]`,
      passed: !!obs.offered && !names.some((n) => globMatch(g, n)),
      expected: `no tool ${g} offered`,
      actual: got,
    }),
  );
  if (m.available_servers) {
    const listed = availableServers(obs.offered);
    out.push({
      id: 'offered_tools.available_servers',
      passed: !!listed && sameSet(listed, m.available_servers),
      expected: `Available MCP Servers: ${m.available_servers.join(', ')}`,
      actual: listed ? listed.join(', ') : 'no "Available MCP Servers" in descriptions',
    });
  }
}

/** Server names from the first "Available MCP Servers: a, b" line in the offered descriptions. */
export function availableServers(offered: OfferedTools | undefined): string[] | undefined {
  for (const t of offered?.tools ?? []) {
    const m = /Available MCP Servers:\s*([^\n.]*)/i.exec(t.description);
    if (m)
      return (m[1] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && !/^none\b/i.test(s))
        .map((s) => /\(([a-z][a-z0-9-]*)\)$/.exec(s)?.[1] ?? s); // "Slack (slack)" names the server slack
  }
  return undefined;
}
