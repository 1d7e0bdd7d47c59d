/**
 * The recording step: at the end of a run, the leak check over the transcript and the agent's
 * conversation log, redaction, the stack closed, leftover model problems, cassettes written, and the
 * ScenarioRun the reports are built from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioRun } from '../report-schema.js';
import { findLeaks, redact } from '../secrets.js';
import type { Stack } from '../stack.js';
import type { RunContext } from './context.js';

/** Fails the run on any downstream token in the transcript or the agent's log, redacts, and closes the stack. */
export async function closeStack(ctx: RunContext, stack: Stack): Promise<void> {
  await stack.collectSecrets();
  const transcripts = readTranscripts(stack.transcripts);
  const leaks = findLeaks(stack.secrets(), [
    { where: 'the transcript', text: JSON.stringify(ctx.turns) },
    { where: "the agent's conversation log", text: transcripts },
  ]);
  ctx.turns.push({
    kind: 'expectation',
    step: -1,
    at_ms: ctx.now(),
    id: 'no_downstream_tokens',
    passed: leaks.length === 0,
    status: leaks.length === 0 ? 'passed' : 'failed',
    expected: 'no downstream token in any reply, tool result or report',
    actual: leaks.length ? leaks.join('; ') : 'none found',
  });
  for (const l of leaks) ctx.failures.push(`downstream token leaked: ${l}`);
  redact(ctx.turns, stack.secrets());
  await stack.close();
}

/** Reports the models' last problems, writes the cassettes of a passed run, and builds the ScenarioRun. */
export function finishRun(ctx: RunContext): ScenarioRun {
  const { models, userSetup, opts, failures, turns } = ctx;
  const { scenario, file } = ctx.loaded;
  if (models) {
    ctx.modelProblems(ctx.lastStep);
    if (!failures.some((f) => f.includes('harness error')))
      for (const p of models.leftovers()) ctx.fail(ctx.lastStep, p);
  }
  const passed = failures.length === 0;
  const recorded = models?.finish(passed);
  const userRecorded = userSetup?.finish(passed);
  if (userRecorded)
    turns.push({
      kind: 'action',
      step: -1,
      at_ms: ctx.now(),
      action: 'record',
      detail: `user model cassette written to ${userRecorded}`,
      ok: true,
      duration_ms: 0,
    });
  if (opts.record && !passed) failures.push('cassette not written: the recorded run failed');
  if (recorded)
    turns.push({
      kind: 'action',
      step: -1,
      at_ms: ctx.now(),
      action: 'record',
      detail: `cassette written to ${recorded}`,
      ok: true,
      duration_ms: 0,
    });
  const rateLimited = !!models?.rateLimits.exhausted || ctx.sideLimits.exhausted;
  const ok = failures.length === 0;
  return {
    name: scenario.name,
    file,
    behaviors: scenario.behaviors,
    mode: opts.mode,
    attempt: opts.attempt ?? 1,
    passed: ok,
    duration_ms: Math.round(performance.now() - ctx.t0),
    failures,
    turns,
    llm_requests: models?.calls() ?? 0,
    cell: opts.cell ?? opts.mode,
    model: opts.mode,
    prompt: opts.prompt?.name ?? 'default',
    ...(opts.index !== undefined ? { index: opts.index } : {}),
    outcome: ok ? 'passed' : rateLimited ? 'rate_limited' : 'failed',
    usage: models?.usage() ?? { input_tokens: 0, output_tokens: 0 },
    turn_latency_ms: ctx.latencies,
    rate_limit_retries: (models?.rateLimits.retries ?? 0) + ctx.sideLimits.retries,
  };
}

function readTranscripts(dir: string): string {
  try {
    return readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
  } catch {
    return '';
  }
}
