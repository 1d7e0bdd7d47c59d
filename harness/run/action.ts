/**
 * The action steps: a scenario's action done for real (authenticate, deny consent, revoke, ...), and a
 * simulated user's turns (messages through the agent, link actions done for real).
 */
import { performAction } from '../actions.js';
import { userModelSetup } from '../models/index.js';
import type { Turn } from '../report-schema.js';
import type { Step } from '../scenario-schema.js';
import { simulateUser } from '../simulated-user.js';
import type { Stack } from '../stack.js';
import type { RunContext } from './context.js';
import { userTurn, type Conversations, type Observed } from './user-turn.js';

type ActionTurn = Extract<Turn, { kind: 'action' }>;

/** Performs an action step; `strict` = a failure fails the run (a simulated user's attempt does not). */
export async function actionStep(
  ctx: RunContext,
  chats: Conversations,
  i: number,
  step: Extract<Step, { action: string }>,
  user: string,
  s: Stack,
  strict = true,
): Promise<ActionTurn> {
  const at = ctx.now();
  let conversationNo = 1;
  const actionCtx = {
    stack: s,
    user,
    link: ctx.links.get(user),
    newConversation: (name?: string) => {
      const chosen = name ?? `conversation-${++conversationNo + chats.size}`;
      chats.setCurrent(user, chosen);
      return chosen;
    },
  };
  const base = { kind: 'action', step: i, at_ms: at, user, action: step.action } as const;
  let turn: ActionTurn;
  try {
    const detail = await performAction(step, actionCtx);
    turn = { ...base, detail, ok: true, duration_ms: ctx.now() - at };
    ctx.turns.push(turn);
    if (step.expect_error !== undefined)
      ctx.fail(i, `${step.action} was expected to fail with "${step.expect_error}" but succeeded`);
  } catch (e) {
    const message = (e as Error).message;
    const expected = step.expect_error !== undefined && message.toLowerCase().includes(step.expect_error.toLowerCase());
    turn = {
      ...base,
      detail: expected ? 'failed as expected' : 'failed',
      ok: expected,
      error: message,
      duration_ms: ctx.now() - at,
    };
    ctx.turns.push(turn);
    if (!expected && strict)
      ctx.fail(
        i,
        step.expect_error !== undefined
          ? `${step.action} failed with "${message}", expected "${step.expect_error}"`
          : `${step.action} failed: ${message}`,
      );
  }
  return turn;
}

/** A simulated user's turns: messages through the agent, link actions done for real. */
export async function simulateStep(
  ctx: RunContext,
  chats: Conversations,
  i: number,
  step: Extract<Step, { simulate: object }>,
  user: string,
  s: Stack,
): Promise<Observed> {
  const { opts } = ctx;
  if (!opts.userModel) throw new Error('a simulate: step needs --user-model openai:NAME');
  ctx.userSetup ??= await userModelSetup(opts.userModel, ctx.loaded.scenario.name, ctx.values, ctx.sideLimits, {
    ...opts,
    record: opts.recordUser,
  });
  const all: Observed = { calls: [], text: '' };
  const setup = ctx.userSetup;
  const result = await simulateUser(step.simulate, setup.model, {
    say: async (text) => {
      const o = await userTurn(ctx, chats, { step: i, text, user, conversation: step.conversation });
      all.calls.push(...o.calls);
      all.text = [all.text, o.text].filter(Boolean).join('\n');
      return o.text;
    },
    act: async (d) => {
      const action =
        d.kind === 'authenticate'
          ? { action: 'authenticate' as const, ...(d.servers ? { servers: d.servers } : {}) }
          : { action: 'deny_consent' as const, servers: d.servers };
      // A simulated user's failed attempt is part of the conversation (it is told), not a harness failure.
      const t = await actionStep(ctx, chats, i, action, user, s, false);
      if (!t.ok) throw new Error(t.error ?? 'failed');
      return t.detail;
    },
  }).catch((e: unknown) => {
    // The user model's own failure (a cassette mismatch, a provider error) belongs to this step.
    const known = setup.problems().slice(ctx.userProblems);
    return {
      decisions: [],
      done: false,
      summary: known.length ? 'the user model failed' : `the user model failed: ${(e as Error).message}`,
    };
  });
  for (const p of setup.problems().slice(ctx.userProblems)) ctx.fail(i, p);
  ctx.userProblems = setup.problems().length;
  ctx.turns.push({
    kind: 'action',
    step: i,
    at_ms: ctx.now(),
    user,
    action: 'simulate',
    detail: result.done ? `the simulated user said done: ${result.summary}` : result.summary,
    ok: result.done,
    duration_ms: 0,
  });
  if (!result.done) ctx.fail(i, `simulated user: ${result.summary}`);
  return all;
}

/** The users' connections before the conversation; users connect independently, so side by side. */
export async function connectUsers(ctx: RunContext, s: Stack): Promise<void> {
  const setup = await Promise.all(
    ctx.loaded.scenario.users
      .filter((u) => u.connected.length > 0)
      .map(async (u) => {
        const at = ctx.now();
        const detail = await performAction(
          { action: 'authenticate', servers: u.connected },
          { stack: s, user: u.id, newConversation: () => '' },
        );
        return {
          kind: 'action' as const,
          step: -1,
          at_ms: at,
          user: u.id,
          action: 'connected before the conversation',
          detail,
          ok: true,
          duration_ms: ctx.now() - at,
        };
      }),
  );
  ctx.turns.push(...setup);
}
