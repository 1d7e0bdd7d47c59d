/**
 * Runs one scenario once: against its own fresh stack, user turns through the real agent's
 * /api/chat, a simulated user's turns and actions done for real, expectations (and `always:`
 * checks, judged rubrics) after each step, a transcript with timings, token usage and turn latencies.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UIMessage } from 'ai';
import { AUTH_TOOL_NAME } from '../server/shared/contracts.js';
import { performAction } from './actions.js';
import { ChatClient, type ChatEvent } from './chat-client.js';
import { checkAlways, checkStep, echoesScript, type StepObservation, type Verdict } from './check.js';
import type { Judge } from './judge.js';
import type { LoadedScenario } from './load.js';
import type { PromptVariant } from './matrix.js';
import type { ObservedCall } from './match.js';
import { toTemplate } from './models/cassette.js';
import { createModelSetup, userModelSetup, type ModelOptions, type ModelSetup, type UserModelSetup } from './models/index.js';
import { RateLimitTracker } from './models/retry.js';
import type { ExpectationStatus, ScenarioRun, Turn } from './report-schema.js';
import { isSimulateStep, isUserStep, type Step } from './scenario-schema.js';
import { findLeaks, redact } from './secrets.js';
import { simulateUser } from './simulated-user.js';
import { Stack } from './stack.js';
import { transcriptLines } from './reporters/transcript.js';

export interface RunScenarioOptions extends ModelOptions {
  /** The agent's model: demo, scripted, replay or openai:NAME. */
  mode: string;
  attempt?: number;
  /** Matrix cell id and the system prompt variant of this run. */
  cell?: string;
  prompt?: PromptVariant;
  index?: number;
  /** Grades `judge:` rubrics; without it they are reported as not run. */
  judge?: Judge;
  /** `openai:NAME` (or `replay` of its cassette) playing the user in `simulate:` steps. */
  userModel?: string;
  /** Record the simulated user's exchanges into `<cassettes>/<scenario>-user.json`. */
  recordUser?: boolean;
  /** Sees the run's model setup (tests inspect the bytes a replay served). */
  onModel?(models: ModelSetup): void;
}

interface Conversation {
  id: string;
  messages: UIMessage[];
}

/** Tool calls of a step paired with their results. */
function observedCalls(events: ChatEvent[]): ObservedCall[] {
  const calls: ObservedCall[] = [];
  for (const e of events) {
    if (e.type === 'tool-call') calls.push({ id: e.id, name: e.name, args: e.args, isError: false });
    if (e.type === 'tool-result') {
      const c = calls.find((x) => x.id === e.id);
      if (c) Object.assign(c, { output: e.output ?? e.text, resultText: e.text, resultJson: e.json, isError: e.isError });
    }
  }
  return calls;
}

function linkOf(call: ObservedCall): string | undefined {
  const json = call.resultJson as { auth_link?: unknown } | undefined;
  return call.name === AUTH_TOOL_NAME && typeof json?.auth_link === 'string' ? json.auth_link : undefined;
}

type Observed = Pick<StepObservation, 'calls' | 'text'>;

/** Runs one scenario once against a fresh stack; never throws (harness errors fail the run). */
export async function runScenario(loaded: LoadedScenario, opts: RunScenarioOptions): Promise<ScenarioRun> {
  const { scenario, file } = loaded;
  const t0 = performance.now();
  const now = () => Math.round((performance.now() - t0) * 10) / 10;
  const turns: Turn[] = [];
  const failures: string[] = [];
  const latencies: number[] = [];
  const links = new Map<string, string>();
  const sideLimits = new RateLimitTracker();
  let stack: Stack | undefined;
  let models: ModelSetup | undefined;
  let userSetup: UserModelSetup | undefined;
  let userProblems = 0;
  let seenProblems = 0;
  const values = () => {
    const link = [...links.values()].at(-1);
    const fromLink = link ? (new URL(link).searchParams.get('auth_link_id') ?? undefined) : undefined;
    const placeholders = stack?.placeholders() ?? {};
    return { ...placeholders, auth_link_id: placeholders.auth_link_id ?? fromLink };
  };
  const where = (i: number) => (i < 0 ? 'setup' : `step ${i + 1} (${file}:${loaded.stepLines[i] ?? '?'})`);
  const fail = (i: number, message: string) => {
    failures.push(`${where(i)}: ${message}`);
    turns.push({ kind: 'error', step: i, at_ms: now(), message });
  };
  const modelProblems = (i: number) => {
    const all = models?.problems() ?? [];
    for (const p of all.slice(seenProblems)) fail(i, p);
    seenProblems = all.length;
  };
  /** Records a verdict with its status; only a counted failure fails the run. */
  const record = (i: number, v: Verdict, status: ExpectationStatus, reason?: string) => {
    turns.push({ kind: 'expectation', step: i, at_ms: now(), ...v, passed: status === 'passed' || status === 'scripted', status, ...(reason ? { reason } : {}) });
    if (status === 'failed') failures.push(`${where(i)} ${v.id}: expected ${v.expected}; actual ${v.actual}${reason ? ` (${reason})` : ''}`);
  };
  const statusOf = (v: Verdict): ExpectationStatus => (!v.passed ? 'failed' : opts.mode === 'scripted' && echoesScript(v.id) ? 'scripted' : 'passed');
  const judge = async (i: number, id: string, rubric: string, subject: string) => {
    const expected = `judged: ${rubric}`;
    if (!opts.judge) return record(i, { id, passed: false, expected, actual: '(not judged)' }, 'not_run', 'no --judge model given');
    if (opts.mode === 'scripted') return record(i, { id, passed: true, expected, actual: '(the scripted text)' }, 'scripted', 'scripted mode: the text graded is the scenario\'s own');
    const j = await opts.judge.grade(rubric, toTemplate(subject, values));
    const v = { id, passed: j.verdict === 'pass', expected, actual: `${j.verdict}${j.cached ? ' (cached)' : ''}` };
    record(i, v, j.verdict === 'error' ? 'not_run' : j.verdict === 'pass' ? 'passed' : 'failed', j.reason);
  };

  const clients = new Map<string, ChatClient>();
  const current = new Map<string, string>();
  const conversations = new Map<string, Conversation>();
  let messageNo = 0;
  const conversationOf = (user: string, name: string): Conversation => {
    const key = `${user}/${name}`;
    let c = conversations.get(key);
    if (!c) conversations.set(key, (c = { id: `${user}-${name}`, messages: [] }));
    return c;
  };
  const client = async (user: string): Promise<ChatClient> => {
    let c = clients.get(user);
    if (!c) {
      c = new ChatClient(stack?.agent.url ?? '', user);
      await c.signIn(user);
      clients.set(user, c);
    }
    return c;
  };

  /** One user message through the agent; the events go into the transcript. */
  const say = async (i: number, text: string, user: string, conversation: string | undefined, scripted?: Extract<Step, { user: string }>['model']): Promise<Observed> => {
    const name = conversation ?? current.get(user) ?? 'main';
    current.set(user, name);
    const conv = conversationOf(user, name);
    if (models?.scripted) models.scripted.enqueue(i, scripted ?? []);
    const before = models?.calls() ?? 0;
    conv.messages.push({ id: `u${++messageNo}`, role: 'user', parts: [{ type: 'text', text }] });
    const sentAt = now();
    turns.push({ kind: 'user', step: i, at_ms: sentAt, user, conversation: name, text });
    const reply = await (await client(user)).send(conv.id, conv.messages, now);
    latencies.push(Math.round((now() - sentAt) * 10) / 10);
    if (reply.assistant) conv.messages.push(reply.assistant);
    for (const e of reply.events) {
      if (e.type === 'text') turns.push({ kind: 'assistant', step: i, at_ms: e.at, user, text: e.text });
      else if (e.type === 'tool-call') turns.push({ kind: 'tool-call', step: i, at_ms: e.at, user, id: e.id, name: e.name, args: e.args });
      else if (e.type === 'tool-result') turns.push({ kind: 'tool-result', step: i, at_ms: e.at, user, id: e.id, name: e.name, is_error: e.isError, text: e.text, json: e.json });
      else fail(i, `the chat stream reported an error: ${e.message}`);
    }
    const calls = observedCalls(reply.events);
    for (const c of calls) {
      const link = linkOf(c);
      if (link) links.set(user, link);
    }
    if (models?.scripted) {
      const left = models.scripted.unused().reduce((n, u) => n + u.count, 0);
      if (left > 0) fail(i, `the agent made ${models.calls() - before} model request(s) but ${scripted?.length ?? 0} turns are scripted: ${left} never used`);
      models.scripted.clearQueue();
    }
    return { calls, text: reply.events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('\n') };
  };

  /** Performs an action step; `strict` = a failure fails the run (a simulated user's attempt does not). */
  const act = async (i: number, step: Extract<Step, { action: string }>, user: string, s: Stack, strict = true): Promise<Extract<Turn, { kind: 'action' }>> => {
    const at = now();
    let conversationNo = 1;
    const ctx = {
      stack: s,
      user,
      link: links.get(user),
      newConversation: (name?: string) => {
        const chosen = name ?? `conversation-${++conversationNo + conversations.size}`;
        current.set(user, chosen);
        return chosen;
      },
    };
    let turn: Extract<Turn, { kind: 'action' }>;
    try {
      const detail = await performAction(step, ctx);
      turn = { kind: 'action', step: i, at_ms: at, user, action: step.action, detail, ok: true, duration_ms: now() - at };
      turns.push(turn);
      if (step.expect_error !== undefined) fail(i, `${step.action} was expected to fail with "${step.expect_error}" but succeeded`);
    } catch (e) {
      const message = (e as Error).message;
      const expected = step.expect_error !== undefined && message.toLowerCase().includes(step.expect_error.toLowerCase());
      turn = { kind: 'action', step: i, at_ms: at, user, action: step.action, detail: expected ? 'failed as expected' : 'failed', ok: expected, error: message, duration_ms: now() - at };
      turns.push(turn);
      if (!expected && strict) fail(i, step.expect_error !== undefined ? `${step.action} failed with "${message}", expected "${step.expect_error}"` : `${step.action} failed: ${message}`);
    }
    return turn;
  };

  /** A simulated user's turns: messages through the agent, link actions done for real. */
  const simulate = async (i: number, step: Extract<Step, { simulate: object }>, user: string, s: Stack): Promise<Observed> => {
    if (!opts.userModel) throw new Error('a simulate: step needs --user-model openai:NAME');
    userSetup ??= userModelSetup(opts.userModel, scenario.name, values, sideLimits, { ...opts, record: opts.recordUser });
    const all: Observed = { calls: [], text: '' };
    const setup = userSetup;
    const result = await simulateUser(step.simulate, setup.model, {
      say: async (text) => {
        const o = await say(i, text, user, step.conversation, undefined);
        all.calls.push(...o.calls);
        all.text = [all.text, o.text].filter(Boolean).join('\n');
        return o.text;
      },
      act: async (d) => {
        const action = d.kind === 'authenticate' ? { action: 'authenticate' as const, ...(d.servers ? { servers: d.servers } : {}) } : { action: 'deny_consent' as const, servers: d.servers };
        // A simulated user's failed attempt is part of the conversation (it is told), not a harness failure.
        const t = await act(i, action, user, s, false);
        if (!t.ok) throw new Error(t.error ?? 'failed');
        return t.detail;
      },
    }).catch((e: unknown) => {
      // The user model's own failure (a cassette mismatch, a provider error) belongs to this step.
      const known = setup.problems().slice(userProblems);
      return { decisions: [], done: false, summary: known.length ? 'the user model failed' : `the user model failed: ${(e as Error).message}` };
    });
    for (const p of userSetup.problems().slice(userProblems)) fail(i, p);
    userProblems = userSetup.problems().length;
    turns.push({ kind: 'action', step: i, at_ms: now(), user, action: 'simulate', detail: result.done ? `the simulated user said done: ${result.summary}` : result.summary, ok: result.done, duration_ms: 0 });
    if (!result.done) fail(i, `simulated user: ${result.summary}`);
    return all;
  };

  try {
    models = createModelSetup(opts.mode, scenario, values, opts);
    opts.onModel?.(models);
    const model = models.model;
    stack = await Stack.start(scenario, () => model, { systemPromptPath: opts.prompt?.file });
    const s = stack;
    // Users connect independently, so their setup runs side by side.
    const setup = await Promise.all(
      scenario.users
        .filter((u) => u.connected.length > 0)
        .map(async (u) => {
          const at = now();
          const detail = await performAction({ action: 'authenticate', servers: u.connected }, { stack: s, user: u.id, newConversation: () => '' });
          return { kind: 'action' as const, step: -1, at_ms: at, user: u.id, action: 'connected before the conversation', detail, ok: true, duration_ms: now() - at };
        }),
    );
    turns.push(...setup);
    for (const [i, step] of scenario.steps.entries()) {
      const user = step.as ?? scenario.users[0]?.id ?? 'alice';
      let obs: Observed = { calls: [], text: '' };
      if (isUserStep(step)) obs = await say(i, step.user, user, step.conversation, step.model);
      else if (isSimulateStep(step)) obs = await simulate(i, step, user, s);
      else await act(i, step, user, s);
      modelProblems(i);
      const e = step.expect;
      const stateKeys = new Set([...Object.keys(e?.state ?? {}), ...Object.keys(scenario.always?.state ?? {})]);
      if (e || scenario.always) {
        const services: StepObservation['services'] = {};
        for (const name of stateKeys) services[name] = await s.serviceDiff(name);
        const settings = e?.settings ? await s.settings(user, e.settings.tool_available !== undefined) : undefined;
        const full: StepObservation = { ...obs, authLink: links.get(user), services, settings, offered: models.offered() };
        for (const v of checkStep(e, full)) record(i, v, statusOf(v));
        for (const v of checkAlways(scenario.always, full, !('action' in step))) record(i, v, statusOf(v));
        if (e?.reply?.judge) await judge(i, 'reply.judge', e.reply.judge, obs.text);
      }
      s.collectSecrets();
    }
    if (scenario.judge) {
      const conversation = transcriptLines(turns.filter((t) => t.kind === 'user' || t.kind === 'assistant' || t.kind === 'tool-call' || t.kind === 'action'))
        .map((l) => l.replace(/^\s*\d+ms /, ''))
        .join('\n');
      await judge(scenario.steps.length - 1, 'judge', scenario.judge, conversation);
    }
  } catch (e) {
    const step = turns.at(-1)?.step ?? -1;
    fail(step, `harness error: ${(e as Error).message}`);
  } finally {
    if (stack) {
      stack.collectSecrets();
      const transcripts = readTranscripts(stack.transcripts);
      const leaks = findLeaks(stack.secrets(), [
        { where: 'the transcript', text: JSON.stringify(turns) },
        { where: "the agent's conversation log", text: transcripts },
      ]);
      turns.push({ kind: 'expectation', step: -1, at_ms: now(), id: 'no_downstream_tokens', passed: leaks.length === 0, status: leaks.length === 0 ? 'passed' : 'failed', expected: 'no downstream token in any reply, tool result or report', actual: leaks.length ? leaks.join('; ') : 'none found' });
      for (const l of leaks) failures.push(`downstream token leaked: ${l}`);
      redact(turns, stack.secrets());
      await stack.close();
    }
  }
  if (models) {
    modelProblems(scenario.steps.length - 1);
    if (!failures.some((f) => f.includes('harness error'))) for (const p of models.leftovers()) fail(scenario.steps.length - 1, p);
  }
  const passed = failures.length === 0;
  const recorded = models?.finish(passed);
  const userRecorded = userSetup?.finish(passed);
  if (userRecorded) turns.push({ kind: 'action', step: -1, at_ms: now(), action: 'record', detail: `user model cassette written to ${userRecorded}`, ok: true, duration_ms: 0 });
  if (opts.record && !passed) failures.push('cassette not written: the recorded run failed');
  if (recorded) turns.push({ kind: 'action', step: -1, at_ms: now(), action: 'record', detail: `cassette written to ${recorded}`, ok: true, duration_ms: 0 });
  const rateLimited = !!models?.rateLimits.exhausted || sideLimits.exhausted;
  const ok = failures.length === 0;
  return {
    name: scenario.name,
    file,
    behaviors: scenario.behaviors,
    mode: opts.mode,
    attempt: opts.attempt ?? 1,
    passed: ok,
    duration_ms: Math.round(performance.now() - t0),
    failures,
    turns,
    llm_requests: models?.calls() ?? 0,
    cell: opts.cell ?? opts.mode,
    model: opts.mode,
    prompt: opts.prompt?.name ?? 'default',
    ...(opts.index !== undefined ? { index: opts.index } : {}),
    outcome: ok ? 'passed' : rateLimited ? 'rate_limited' : 'failed',
    usage: models?.usage() ?? { input_tokens: 0, output_tokens: 0 },
    turn_latency_ms: latencies,
    rate_limit_retries: (models?.rateLimits.retries ?? 0) + sideLimits.retries,
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
