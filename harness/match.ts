/**
 * Pure matching helpers used by the expectation checker: name globs, partial argument matching
 * with `$` operators, and the "effective" downstream tool of a call (direct or via call_server_tool).
 */
import { CALL_TOOL_TOOL_NAME } from '../server/shared/contracts.js';
import { isRecord } from '../server/shared/guards.js';
import { mcpResultText } from '../server/shared/mcp-result.js';
import type { ToolCallMatcher } from './expect-schema.js';

export const OPERATORS = ['$contains', '$regex', '$matches', '$exists', '$any', '$not'];

export interface ObservedCall {
  id: string;
  name: string;
  args: unknown;
  /** Raw tool output as streamed (MCP CallToolResult for navigator tools). */
  output?: unknown;
  /** Text of the result (MCP text content joined, or the error text). */
  resultText?: string;
  /** The result parsed as JSON (structuredContent, or the text when it is JSON). */
  resultJson?: unknown;
  isError: boolean;
}

/**
 * A scenario's regular expression: `pattern` (case-sensitive) or `/pattern/flags` (e.g. `/bearer/i`
 * for case-insensitive; JavaScript has no inline `(?i)`).
 */
export function toRegExp(source: string): RegExp {
  const m = /^\/(.+)\/([dimsuy]*)$/s.exec(source);
  return m?.[1] !== undefined ? new RegExp(m[1], m[2]) : new RegExp(source);
}

export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export function globMatch(glob: string, value: string): boolean {
  return globToRegExp(glob).test(value);
}

/** The downstream tool a call reaches: `slack__read_channel` for both a direct and a generic call. */
export function effectiveTool(call: Pick<ObservedCall, 'name' | 'args'>): { name: string; args: unknown } {
  if (call.name === CALL_TOOL_TOOL_NAME && isRecord(call.args)) {
    const { server, tool } = call.args;
    if (typeof server === 'string' && typeof tool === 'string')
      return { name: `${server}__${tool}`, args: call.args.arguments ?? {} };
  }
  return { name: call.name, args: call.args };
}

function show(v: unknown): string {
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

/** Lists every way `actual` differs from `matcher`; empty when it matches. */
export function matchValue(matcher: unknown, actual: unknown, path = ''): string[] {
  const here = path || '(value)';
  if (isRecord(matcher) && Object.keys(matcher).some((k) => k.startsWith('$'))) {
    const problems: string[] = [];
    const text = typeof actual === 'string' ? actual : show(actual);
    if ('$exists' in matcher && (actual !== undefined) !== matcher.$exists)
      problems.push(`${here}: expected ${matcher.$exists ? 'present' : 'absent'}, got ${show(actual)}`);
    if ('$contains' in matcher && !text.toLowerCase().includes(String(matcher.$contains).toLowerCase()))
      problems.push(`${here}: expected to contain ${show(matcher.$contains)}, got ${show(actual)}`);
    for (const op of ['$regex', '$matches'] as const)
      if (op in matcher && (actual === undefined || !toRegExp(String(matcher[op])).test(text)))
        problems.push(`${here}: expected to match /${String(matcher[op])}/, got ${show(actual)}`);
    if ('$not' in matcher && matchValue(matcher.$not, actual, path).length === 0)
      problems.push(`${here}: expected not to match ${show(matcher.$not)}, got ${show(actual)}`);
    return problems;
  }
  if (isRecord(matcher)) {
    if (!isRecord(actual)) return [`${here}: expected an object, got ${show(actual)}`];
    return Object.entries(matcher).flatMap(([k, m]) => matchValue(m, actual[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(matcher)) {
    if (!Array.isArray(actual)) return [`${here}: expected an array, got ${show(actual)}`];
    if (matcher.length !== actual.length) return [`${here}: expected ${show(matcher)}, got ${show(actual)}`];
    return matcher.flatMap((m, i) => matchValue(m, actual[i], `${path}[${i}]`));
  }
  return matcher === actual ? [] : [`${here}: expected ${show(matcher)}, got ${show(actual)}`];
}

/** Readable form of a tool call pattern, for messages. */
export function describeCallMatcher(m: ToolCallMatcher): string {
  if (typeof m === 'string') return m;
  const parts = [m.name ? `name ${m.name}` : '', m.tool ? `tool ${m.tool}` : '', m.args ? `args ${show(m.args)}` : ''];
  return parts.filter(Boolean).join(', ') || '(any call)';
}

export function callMatches(m: ToolCallMatcher, call: Pick<ObservedCall, 'name' | 'args'>): boolean {
  if (typeof m === 'string') return globMatch(m, call.name);
  if (m.name && !globMatch(m.name, call.name)) return false;
  const eff = effectiveTool(call);
  if (m.tool && !globMatch(m.tool, eff.name)) return false;
  if (m.args && matchValue(m.args, m.tool ? eff.args : call.args).length > 0) return false;
  return true;
}

/** Short form of an observed call: `slack__read_channel {"channel":"general"}`. */
export function describeCall(call: Pick<ObservedCall, 'name' | 'args'>): string {
  return `${call.name} ${show(call.args)}`;
}

/** Text and JSON of an MCP CallToolResult (or a plain value) as the agent streamed it. */
export function readToolOutput(output: unknown): { text: string; json: unknown; isError: boolean } {
  if (isRecord(output) && Array.isArray(output.content)) {
    const text = mcpResultText(output);
    let json: unknown = output.structuredContent;
    if (json === undefined)
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    return { text, json, isError: output.isError === true };
  }
  if (typeof output === 'string') {
    try {
      return { text: output, json: JSON.parse(output), isError: false };
    } catch {
      return { text: output, json: undefined, isError: false };
    }
  }
  return { text: show(output), json: output, isError: false };
}
