/**
 * Checks one step's `expect:` against what the runner observed. Pure: the runner fetches live
 * data (service state, settings, offered tools) first and passes it in, so this is unit-testable.
 */
import type { AlwaysExpect, StepExpect, ToolCallMatcher } from './expect-schema.js';
import {
  callMatches,
  describeCall,
  describeCallMatcher,
  effectiveTool,
  globMatch,
  matchValue,
  toRegExp,
  type ObservedCall,
} from './match.js';

export interface Verdict {
  /** Stable id within the step, e.g. `tool_calls[1]`, `reply.contains`; used for pass rates. */
  id: string;
  passed: boolean;
  expected: string;
  actual: string;
}

export interface SlackMessage {
  channel: string;
  text: string;
  account?: string;
}
export interface LinearIssue {
  title: string;
  description?: string;
  team?: string;
  state?: string;
  account?: string;
}
/** Items created in a service since the stack started. */
export interface ServiceDiff {
  posted: SlackMessage[];
  created: LinearIssue[];
}
export interface SettingsSnapshot {
  in_chat_auth: boolean;
  auth_link_servers: string[];
  auth_link_id?: string;
  first_auth_link_id?: string;
  tool_available?: boolean;
  user_status?: string;
}
export interface OfferedTools {
  tools: { name: string; description: string }[];
}

export interface StepObservation {
  calls: ObservedCall[];
  text: string;
  /** Latest auth link returned to this user so far. */
  authLink?: string;
  services?: Record<string, ServiceDiff | undefined>;
  settings?: SettingsSnapshot;
  offered?: OfferedTools;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const j = (v: unknown) => JSON.stringify(v);
const calls = (cs: ObservedCall[]) => (cs.length ? cs.map(describeCall).join('; ') : '(no tool calls)');
const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

function callIn(m: { name?: string; tool?: string }, c: ObservedCall): boolean {
  if (m.name && !globMatch(m.name, c.name)) return false;
  if (m.tool && !globMatch(m.tool, effectiveTool(c).name)) return false;
  return true;
}

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

const SCRIPT_ECHOES =
  /^(always\.)?(tool_calls|tool_calls_any_order|no_tool_calls|tool_call_count)\[|^(always\.)?reply\./;

/**
 * In `--model scripted` the scenario writes the model's tool calls and text itself: checks on those
 * (tool calls, counts, the reply) only echo the script. Tool results, state, settings and offered
 * tools are decided by the real stack and count.
 */
export function echoesScript(id: string): boolean {
  return SCRIPT_ECHOES.test(id) && id !== 'reply.judge';
}

function checkCalls(e: StepExpect, obs: StepObservation, out: Verdict[]): void {
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

function checkResults(e: StepExpect, obs: StepObservation, out: Verdict[]): void {
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

function checkReply(e: StepExpect, obs: StepObservation, out: Verdict[]): void {
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

function checkState(e: StepExpect, obs: StepObservation, out: Verdict[]): void {
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

function checkSettings(e: StepExpect, obs: StepObservation, out: Verdict[]): void {
  const m = e.settings;
  if (!m) return;
  const s = obs.settings;
  const got = j(s ?? 'settings unavailable');
  if (m.in_chat_auth !== undefined)
    out.push({
      id: 'settings.in_chat_auth',
      passed: s?.in_chat_auth === m.in_chat_auth,
      expected: `in_chat_auth ${m.in_chat_auth}`,
      actual: got,
    });
  if (m.auth_link_servers)
    out.push({
      id: 'settings.auth_link_servers',
      passed: !!s && sameSet(s.auth_link_servers, m.auth_link_servers),
      expected: `link covers ${j(m.auth_link_servers)}`,
      actual: got,
    });
  if (m.auth_link_unchanged !== undefined) {
    const same = !!s?.auth_link_id && s.auth_link_id === s.first_auth_link_id;
    out.push({
      id: 'settings.auth_link_unchanged',
      passed: same === m.auth_link_unchanged,
      expected: `link id ${m.auth_link_unchanged ? 'unchanged' : 'changed'}`,
      actual: got,
    });
  }
  if (m.user_status !== undefined)
    out.push({
      id: 'settings.user_status',
      passed: s?.user_status === m.user_status,
      expected: `user status ${m.user_status}`,
      actual: got,
    });
  if (m.tool_available !== undefined)
    out.push({
      id: 'settings.tool_available',
      passed: s?.tool_available === m.tool_available,
      expected: `get_authentication_link ${m.tool_available ? 'listed' : 'absent'}`,
      actual: got,
    });
}

function checkOffered(e: StepExpect, obs: StepObservation, out: Verdict[]): void {
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

/**
 * The scenario's `always:` checks after one step, ids prefixed `always.`. Reply checks run only on
 * steps that produced a reply (an action step has none).
 */
export function checkAlways(a: AlwaysExpect | undefined, obs: StepObservation, hasReply: boolean): Verdict[] {
  if (!a) return [];
  const out: Verdict[] = [];
  const e: StepExpect = {
    no_tool_calls: a.no_tool_calls,
    tool_call_count: a.tool_call_count,
    state: a.state,
    ...(hasReply ? { reply: a.reply } : {}),
  };
  checkCalls(e, obs, out);
  checkReply(e, obs, out);
  checkState(e, obs, out);
  return out.map((v) => ({ ...v, id: `always.${v.id}` }));
}

/** Every verdict of a step, in the order they are written (a judged reply is graded by the runner). */
export function checkStep(e: StepExpect | undefined, obs: StepObservation): Verdict[] {
  const out: Verdict[] = [];
  if (!e) return out;
  checkCalls(e, obs, out);
  checkResults(e, obs, out);
  checkReply(e, obs, out);
  checkState(e, obs, out);
  checkSettings(e, obs, out);
  checkOffered(e, obs, out);
  return out;
}
