/**
 * Small helpers shared by the expectation checks: how values are listed and written into verdicts,
 * and which calls a name/tool filter selects. One place, so every check reports alike.
 */
import { describeCall, effectiveTool, globMatch, type ObservedCall } from '../match.js';

/** A scenario field that takes one value or a list. */
export const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** A value as written into a verdict's expected/actual text. */
export const j = (v: unknown) => JSON.stringify(v);
/** The observed calls as written into a verdict's actual text. */
export const calls = (cs: ObservedCall[]) => (cs.length ? cs.map(describeCall).join('; ') : '(no tool calls)');
export const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** A call selected by a `name` glob and/or a downstream `tool` glob (through call_server_tool too). */
export function callIn(m: { name?: string; tool?: string }, c: ObservedCall): boolean {
  if (m.name && !globMatch(m.name, c.name)) return false;
  if (m.tool && !globMatch(m.tool, effectiveTool(c).name)) return false;
  return true;
}
