/**
 * The user-turn step: one user message through the real agent's /api/chat, its events into the
 * transcript, the calls observed and the auth link remembered. `Conversations` keeps each user's chat
 * client and conversations across steps.
 */
import type { UIMessage } from 'ai';
import { AUTH_TOOL_NAME } from '../../server/shared/contracts.js';
import { ChatClient, type ChatEvent } from '../../kit/chat-client.js';
import type { StepObservation } from '../check.js';
import type { ObservedCall } from '../match.js';
import type { Step } from '../scenario-schema.js';
import type { RunContext } from './context.js';

export type Observed = Pick<StepObservation, 'calls' | 'text'>;

interface Conversation {
  id: string;
  messages: UIMessage[];
}

/** Each user's signed-in chat client, current conversation name and conversations. */
export class Conversations {
  private readonly clients = new Map<string, ChatClient>();
  private readonly current = new Map<string, string>();
  private readonly conversations = new Map<string, Conversation>();
  private messageNo = 0;

  constructor(private readonly agentUrl: () => string) {}

  get size(): number {
    return this.conversations.size;
  }

  /** Makes `name` (or the user's current one, else 'main') the user's current conversation. */
  select(user: string, name: string | undefined): { name: string; conversation: Conversation } {
    const chosen = name ?? this.current.get(user) ?? 'main';
    this.current.set(user, chosen);
    const key = `${user}/${chosen}`;
    let c = this.conversations.get(key);
    if (!c) this.conversations.set(key, (c = { id: `${user}-${chosen}`, messages: [] }));
    return { name: chosen, conversation: c };
  }

  /** The next conversation the user talks in (an action's `new_conversation`). */
  setCurrent(user: string, name: string): void {
    this.current.set(user, name);
  }

  nextMessageId(): string {
    return `u${++this.messageNo}`;
  }

  async client(user: string): Promise<ChatClient> {
    let c = this.clients.get(user);
    if (!c) {
      c = new ChatClient(this.agentUrl(), user);
      await c.signIn(user);
      this.clients.set(user, c);
    }
    return c;
  }
}

/** Tool calls of a step paired with their results. */
export function observedCalls(events: ChatEvent[]): ObservedCall[] {
  const calls: ObservedCall[] = [];
  for (const e of events) {
    if (e.type === 'tool-call') calls.push({ id: e.id, name: e.name, args: e.args, isError: false });
    if (e.type === 'tool-result') {
      const c = calls.find((x) => x.id === e.id);
      if (c)
        Object.assign(c, { output: e.output ?? e.text, resultText: e.text, resultJson: e.json, isError: e.isError });
    }
  }
  return calls;
}

function linkOf(call: ObservedCall): string | undefined {
  const json = call.resultJson as { auth_link?: unknown } | undefined;
  return call.name === AUTH_TOOL_NAME && typeof json?.auth_link === 'string' ? json.auth_link : undefined;
}

export interface UserMessage {
  step: number;
  text: string;
  user: string;
  conversation: string | undefined;
  /** The scripted model's turns for this message (scripted mode). */
  scripted?: Extract<Step, { user: string }>['model'];
}

/** One user message through the agent; the events go into the transcript. */
export async function userTurn(ctx: RunContext, chats: Conversations, m: UserMessage): Promise<Observed> {
  const { step: i, text, user, scripted } = m;
  const { models } = ctx;
  const { name, conversation: conv } = chats.select(user, m.conversation);
  if (models?.scripted) models.scripted.enqueue(i, scripted ?? []);
  const before = models?.calls() ?? 0;
  conv.messages.push({ id: chats.nextMessageId(), role: 'user', parts: [{ type: 'text', text }] });
  const sentAt = ctx.now();
  ctx.turns.push({ kind: 'user', step: i, at_ms: sentAt, user, conversation: name, text });
  const reply = await (await chats.client(user)).send(conv.id, conv.messages, ctx.now);
  ctx.latencies.push(Math.round((ctx.now() - sentAt) * 10) / 10);
  if (reply.assistant) conv.messages.push(reply.assistant);
  for (const e of reply.events) {
    if (e.type === 'text') ctx.turns.push({ kind: 'assistant', step: i, at_ms: e.at, user, text: e.text });
    else if (e.type === 'tool-call')
      ctx.turns.push({ kind: 'tool-call', step: i, at_ms: e.at, user, id: e.id, name: e.name, args: e.args });
    else if (e.type === 'tool-result')
      ctx.turns.push({
        kind: 'tool-result',
        step: i,
        at_ms: e.at,
        user,
        id: e.id,
        name: e.name,
        is_error: e.isError,
        text: e.text,
        json: e.json,
      });
    else ctx.fail(i, `the chat stream reported an error: ${e.message}`);
  }
  const calls = observedCalls(reply.events);
  for (const c of calls) {
    const link = linkOf(c);
    if (link) ctx.links.set(user, link);
  }
  if (models?.scripted) {
    const left = models.scripted.unused().reduce((n, u) => n + u.count, 0);
    if (left > 0)
      ctx.fail(
        i,
        `the agent made ${models.calls() - before} model request(s) but ${scripted?.length ?? 0} turns are scripted: ${left} never used`,
      );
    models.scripted.clearQueue();
  }
  return { calls, text: reply.events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('\n') };
}
