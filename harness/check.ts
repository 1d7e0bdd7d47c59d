/**
 * Checks one step's `expect:` against what the runner observed. Pure: the runner fetches live
 * data (service state, settings, offered tools) first and passes it in, so this is unit-testable.
 * One file per kind of expectation under check/; this module runs them in the order they are written.
 */
import type { AlwaysExpect, StepExpect } from './expect-schema.js';
import { checkCalls } from './check/calls.js';
import { checkOffered } from './check/offered.js';
import { checkReply } from './check/reply.js';
import { checkResults } from './check/results.js';
import { checkSettings } from './check/settings.js';
import { checkState } from './check/state.js';
import type { StepObservation, Verdict } from './check/types.js';

export type {
  LinearIssue,
  OfferedTools,
  ServiceDiff,
  SettingsSnapshot,
  SlackMessage,
  StepObservation,
  Verdict,
} from './check/types.js';
export { availableServers } from './check/offered.js';

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
