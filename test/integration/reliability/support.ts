/**
 * Helpers of the reliability and security chat tests, over the kit's stack: a chat stack is
 * `startStack` with the agent and a database file (so the navigator can restart on it).
 */
import { mockAdmin as kitMockAdmin, startStack, type Stack, type StackOptions } from '../../../kit/stack.js';
import { Conversation, signIn } from '../../../kit/chat-client.js';

export function startChatStack(opts: StackOptions = {}): Promise<Stack> {
  return startStack({ parts: 'agent', db: 'temp-dir', ...opts });
}

/** A signed-in conversation for `user` on the stack's agent. */
export async function conversation(stack: Stack, user: string, model?: string): Promise<Conversation> {
  return new Conversation(stack.appUrl, await signIn(stack.appUrl, user), undefined, model);
}

/** Admin knob on a mock (`PUT /admin/faults`, `POST /admin/tokens/expire`, ...); throws unless it answers 2xx. */
export const mockAdmin = (base: string, path: string, body: unknown = {}, method = 'POST'): Promise<unknown> =>
  kitMockAdmin(base, method, path, method === 'GET' ? undefined : body);

/** Text of an MCP tool result. */
export { mcpResultText as resultText } from '../../../server/shared/mcp-result.js';
