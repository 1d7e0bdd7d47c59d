/**
 * Runs scenarios: each against its own fresh stack, user turns through the real agent's /api/chat,
 * actions done for real, expectations checked after each step, a transcript with timings kept.
 * `runAll` runs many in parallel (bounded) and N times each for pass rates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UIMessage } from 'ai';
import { AUTH_TOOL_NAME } from '../server/shared/contracts.js';
import { performAction } from './actions.js';
import { ChatClient, type ChatEvent } from './chat-client.js';
import { checkStep, type StepObservation } from './check.js';
import type { LoadedScenario } from './load.js';
import type { ObservedCall } from './match.js';
import { createModelSetup, type ModelOptions, type ModelSetup } from './models/index.js';
import type { RunReport, ScenarioRun, Turn } from './report-schema.js';
import { isUserStep, type Step } from './scenario-schema.js';
import { findLeaks, redact } from './secrets.js';
import { Stack } from './stack.js';
import { summarize } from './stats.js';

export interface RunScenarioOptions extends ModelOptions {
  mode: string;
  attempt?: number;
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

/** Runs one scenario once against a fresh stack; never throws (harness errors fail the run). */
export async function runScenario(loaded: LoadedScenario, opts: RunScenarioOptions): Promise<ScenarioRun> {
  const { scenario, file } = loaded;
  const t0 = performance.now();
  const now = () => Math.round((performance.now() - t0) * 10) / 10;
  const turns: Turn[] = [];
  const failures: string[] = [];
  const links = new Map<string, string>();
  let stack: Stack | undefined;
  let models: ModelSetup | undefined;
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

  const userTurn = async (i: number, step: Extract<Step, { user: string }>, user: string): Promise<Pick<StepObservation, 'calls' | 'text'>> => {
    const name = step.conversation ?? current.get(user) ?? 'main';
    current.set(user, name);
    const conv = conversationOf(user, name);
    if (models?.scripted) models.scripted.enqueue(i, step.model ?? []);
    const before = models?.calls() ?? 0;
    conv.messages.push({ id: `u${++messageNo}`, role: 'user', parts: [{ type: 'text', text: step.user }] });
    turns.push({ kind: 'user', step: i, at_ms: now(), user, conversation: name, text: step.user });
    const reply = await (await client(user)).send(conv.id, conv.messages, now);
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
      if (left > 0) fail(i, `the agent made ${(models.calls() - before)} model request(s) but ${step.model?.length ?? 0} turns are scripted: ${left} never used`);
      models.scripted.clearQueue();
    }
    const text = reply.events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('\n');
    return { calls, text };
  };

  try {
    models = createModelSetup(opts.mode, scenario, values, opts);
    opts.onModel?.(models);
    const model = models.model;
    stack = await Stack.start(scenario, () => model);
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
      let obs: Pick<StepObservation, 'calls' | 'text'> = { calls: [], text: '' };
      if (isUserStep(step)) obs = await userTurn(i, step, user);
      else {
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
        try {
          const detail = await performAction(step, ctx);
          turns.push({ kind: 'action', step: i, at_ms: at, user, action: step.action, detail, ok: true, duration_ms: now() - at });
          if (step.expect_error !== undefined) fail(i, `${step.action} was expected to fail with "${step.expect_error}" but succeeded`);
        } catch (e) {
          const message = (e as Error).message;
          const expected = step.expect_error !== undefined && message.toLowerCase().includes(step.expect_error.toLowerCase());
          turns.push({ kind: 'action', step: i, at_ms: at, user, action: step.action, detail: expected ? 'failed as expected' : 'failed', ok: expected, error: message, duration_ms: now() - at });
          if (!expected) fail(i, step.expect_error !== undefined ? `${step.action} failed with "${message}", expected "${step.expect_error}"` : `${step.action} failed: ${message}`);
        }
      }
      modelProblems(i);
      const e = step.expect;
      if (e) {
        const services: StepObservation['services'] = {};
        for (const name of Object.keys(e.state ?? {})) services[name] = await s.serviceDiff(name);
        const settings = e.settings ? await s.settings(user, e.settings.tool_available !== undefined) : undefined;
        const verdicts = checkStep(e, { ...obs, authLink: links.get(user), services, settings, offered: models.offered() });
        for (const v of verdicts) {
          turns.push({ kind: 'expectation', step: i, at_ms: now(), ...v });
          if (!v.passed) failures.push(`${where(i)} ${v.id}: expected ${v.expected}; actual ${v.actual}`);
        }
      }
      s.collectSecrets();
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
      turns.push({ kind: 'expectation', step: -1, at_ms: now(), id: 'no_downstream_tokens', passed: leaks.length === 0, expected: 'no downstream token in any reply, tool result or report', actual: leaks.length ? leaks.join('; ') : 'none found' });
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
  if (opts.record && !passed) failures.push('cassette not written: the recorded run failed');
  if (recorded) turns.push({ kind: 'action', step: -1, at_ms: now(), action: 'record', detail: `cassette written to ${recorded}`, ok: true, duration_ms: 0 });
  return {
    name: scenario.name,
    file,
    behaviors: scenario.behaviors,
    mode: opts.mode,
    attempt: opts.attempt ?? 1,
    passed: failures.length === 0,
    duration_ms: Math.round(performance.now() - t0),
    failures,
    turns,
    llm_requests: models?.calls() ?? 0,
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

export interface RunAllOptions extends ModelOptions {
  model: string;
  repeat?: number;
  concurrency?: number;
  onStart?(total: number): void;
  onResult?(run: ScenarioRun, done: number, total: number): void;
}

/** Runs every scenario `repeat` times with at most `concurrency` at once. */
export async function runAll(scenarios: readonly LoadedScenario[], opts: RunAllOptions): Promise<RunReport> {
  const repeat = Math.max(1, opts.repeat ?? 1);
  const started = new Date();
  const t0 = performance.now();
  const jobs = scenarios.flatMap((s) => Array.from({ length: repeat }, (_, k) => ({ s, attempt: k + 1 })));
  const runs: ScenarioRun[] = new Array(jobs.length);
  opts.onStart?.(jobs.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index];
      if (!job) break;
      const run = await runScenario(job.s, { ...opts, mode: opts.model, attempt: job.attempt });
      runs[index] = run;
      opts.onResult?.(run, ++done, jobs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, jobs.length)) }, worker));
  const passedRuns = runs.filter((r) => r.passed).length;
  return {
    version: 1,
    model: opts.model,
    repeat,
    started_at: started.toISOString(),
    duration_ms: Math.round(performance.now() - t0),
    passed: passedRuns === runs.length,
    totals: { runs: runs.length, passed: passedRuns, failed: runs.length - passedRuns },
    summaries: summarize(runs),
    runs,
  };
}
