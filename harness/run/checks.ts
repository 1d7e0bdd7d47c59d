/**
 * The checks step: a step's expectations and the scenario's `always:` checks against what the step
 * observed (replies, calls, mock service state, settings), and `judge:` rubrics graded by a model.
 */
import { checkAlways, checkStep, type StepObservation, type Verdict } from '../check.js';
import { toTemplate } from '../models/cassette.js';
import { transcriptLines } from '../reporters/transcript.js';
import type { Step } from '../scenario-schema.js';
import type { Stack } from '../stack.js';
import type { RunContext } from './context.js';
import type { Observed } from './user-turn.js';

/** Grades a rubric against `subject` and records the verdict (not run without a judge). */
export async function judgeRubric(
  ctx: RunContext,
  i: number,
  id: string,
  rubric: string,
  subject: string,
): Promise<void> {
  const { opts } = ctx;
  const expected = `judged: ${rubric}`;
  if (!opts.judge)
    return ctx.record(i, { id, passed: false, expected, actual: '(not judged)' }, 'not_run', 'no --judge model given');
  if (opts.mode === 'scripted')
    return ctx.record(
      i,
      { id, passed: true, expected, actual: '(the scripted text)' },
      'scripted',
      "scripted mode: the text graded is the scenario's own",
    );
  const j = await opts.judge.grade(rubric, toTemplate(subject, ctx.values));
  const v: Verdict = {
    id,
    passed: j.verdict === 'pass',
    expected,
    actual: `${j.verdict}${j.cached ? ' (cached)' : ''}`,
  };
  ctx.record(i, v, j.verdict === 'error' ? 'not_run' : j.verdict === 'pass' ? 'passed' : 'failed', j.reason);
}

/** Checks step `i`'s expectations and the `always:` checks (when there are any) and records them. */
export async function checkStepResults(
  ctx: RunContext,
  i: number,
  step: Step,
  user: string,
  obs: Observed,
  s: Stack,
): Promise<void> {
  const { scenario } = ctx.loaded;
  const e = step.expect;
  if (!e && !scenario.always) return;
  const stateKeys = new Set([...Object.keys(e?.state ?? {}), ...Object.keys(scenario.always?.state ?? {})]);
  const services: StepObservation['services'] = {};
  for (const name of stateKeys) services[name] = await s.serviceDiff(name);
  const settings = e?.settings ? await s.settings(user, e.settings.tool_available !== undefined) : undefined;
  const full: StepObservation = {
    ...obs,
    authLink: ctx.links.get(user),
    services,
    settings,
    offered: ctx.models?.offered(),
  };
  for (const v of checkStep(e, full)) ctx.record(i, v, ctx.statusOf(v));
  for (const v of checkAlways(scenario.always, full, !('action' in step))) ctx.record(i, v, ctx.statusOf(v));
  if (e?.reply?.judge) await judgeRubric(ctx, i, 'reply.judge', e.reply.judge, obs.text);
}

/** Grades the scenario's `judge:` rubric against the whole conversation, when it has one. */
export async function judgeConversation(ctx: RunContext): Promise<void> {
  const rubric = ctx.loaded.scenario.judge;
  if (!rubric) return;
  const conversation = transcriptLines(
    ctx.turns.filter(
      (t) => t.kind === 'user' || t.kind === 'assistant' || t.kind === 'tool-call' || t.kind === 'action',
    ),
  )
    .map((l) => l.replace(/^\s*\d+ms /, ''))
    .join('\n');
  await judgeRubric(ctx, ctx.lastStep, 'judge', rubric, conversation);
}
