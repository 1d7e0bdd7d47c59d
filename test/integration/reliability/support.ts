/**
 * Helpers of the reliability and security chat tests, over the kit's stack: a chat stack is
 * `startStack` with the agent and a database file (so the navigator can restart on it).
 */
import { startStack, type Stack, type StackOptions } from '../../../kit/stack.js';
import { Conversation, signIn } from '../../../kit/chat-client.js';

export function startChatStack(opts: StackOptions = {}): Promise<Stack> {
  return startStack({ parts: 'agent', db: 'temp-dir', ...opts });
}

/** A signed-in conversation for `user` on the stack's agent. */
export async function conversation(stack: Stack, user: string, model?: string): Promise<Conversation> {
  return new Conversation(stack.appUrl, await signIn(stack.appUrl, user), undefined, model);
}

/** Admin knob on a mock (`PUT /admin/faults`, `POST /admin/tokens/expire`, ...); throws unless 200. */
export async function mockAdmin(base: string, path: string, body: unknown = {}, method = 'POST'): Promise<unknown> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : JSON.stringify(body),
  });
  if (r.status !== 200) throw new Error(`${method} ${path} answered HTTP ${r.status}: ${await r.text()}`);
  return r.json();
}

/** Text of an MCP tool result. */
export const resultText = (r: unknown): string =>
  (((r as { content?: unknown }).content as { text?: string }[] | undefined) ?? []).map((x) => x.text ?? '').join('\n');
