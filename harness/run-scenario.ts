/**
 * Runs one scenario once: against its own fresh stack, user turns through the real agent's
 * /api/chat, a simulated user's turns and actions done for real, expectations (and `always:`
 * checks, judged rubrics) after each step, a transcript with timings, token usage and turn latencies.
 *
 * The steps live in `run/`: `user-turn.ts`, `action.ts`, `checks.ts` and `recording.ts`, sharing one
 * `RunContext` (`run/context.ts`); this file only orders them.
 */
import type { LoadedScenario } from './load.js';
import { createModelSetup } from './models/index.js';
import type { ScenarioRun } from './report-schema.js';
import { isSimulateStep, isUserStep } from './scenario-schema.js';
import { Stack } from './stack.js';
import { actionStep, connectUsers, simulateStep } from './run/action.js';
import { checkStepResults, judgeConversation } from './run/checks.js';
import { RunContext, type RunScenarioOptions } from './run/context.js';
import { closeStack, finishRun } from './run/recording.js';
import { Conversations, userTurn, type Observed } from './run/user-turn.js';

export type { RunScenarioOptions } from './run/context.js';

/** Runs one scenario once against a fresh stack; never throws (harness errors fail the run). */
export async function runScenario(loaded: LoadedScenario, opts: RunScenarioOptions): Promise<ScenarioRun> {
  const { scenario } = loaded;
  const ctx = new RunContext(loaded, opts);
  const chats = new Conversations(() => ctx.stack?.agent.url ?? '');
  try {
    const models = (ctx.models = await createModelSetup(opts.mode, scenario, ctx.values, opts));
    opts.onModel?.(models);
    const model = models.model;
    const s = (ctx.stack = await Stack.start(scenario, () => model, { systemPromptPath: opts.prompt?.file }));
    await connectUsers(ctx, s);
    for (const [i, step] of scenario.steps.entries()) {
      const user = step.as ?? scenario.users[0]?.id ?? 'alice';
      let obs: Observed = { calls: [], text: '' };
      if (isUserStep(step))
        obs = await userTurn(ctx, chats, {
          step: i,
          text: step.user,
          user,
          conversation: step.conversation,
          scripted: step.model,
        });
      else if (isSimulateStep(step)) obs = await simulateStep(ctx, chats, i, step, user, s);
      else await actionStep(ctx, chats, i, step, user, s);
      ctx.modelProblems(i);
      await checkStepResults(ctx, i, step, user, obs, s);
      await s.collectSecrets();
    }
    await judgeConversation(ctx);
  } catch (e) {
    const step = ctx.turns.at(-1)?.step ?? -1;
    ctx.fail(step, `harness error: ${(e as Error).message}`);
  } finally {
    if (ctx.stack) await closeStack(ctx, ctx.stack);
  }
  return finishRun(ctx);
}
