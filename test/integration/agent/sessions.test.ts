// A conversation's navigator MCP session, seen from the navigator: opened on the first turn, reused,
// and closed on the navigator (not just forgotten by the agent) when the conversation idles out or
// the user starts a new conversation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../../kit/stack.js';
import { startAgentStack } from './support.js';
import { Conversation, signIn } from '../../../kit/chat-client.js';

const IDLE_MS = 800;

async function navigatorSessions(stack: Stack): Promise<number> {
  const body = (await (await fetch(`${stack.navigatorUrl}/healthz`)).json()) as { sessions: number };
  return body.sessions;
}

/** Polls until `read` gives `want` (or the deadline passes) and returns the last value read. */
async function settle(read: () => Promise<number> | number, want: number, deadlineMs: number): Promise<number> {
  const end = Date.now() + deadlineMs;
  let v = await read();
  while (v !== want && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 20));
    v = await read();
  }
  return v;
}

describe('navigator sessions of conversations', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startAgentStack({ conversationIdleMs: IDLE_MS });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a conversation idling out closes its navigator session; its next turn opens a new one', async () => {
    const cookie = await signIn(stack.agent.url, 'alice');
    const chat = new Conversation(stack.agent.url, cookie);
    expect(await navigatorSessions(stack)).toBe(0);

    await chat.send('hello');
    await chat.send('hello again');
    // Two turns in quick succession share one session, which is still open right after the turn.
    expect(await navigatorSessions(stack)).toBe(1);
    expect(stack.agent.sessions.ownerOf(chat.id)).toBe('alice');

    const started = Date.now();
    expect(await settle(() => navigatorSessions(stack), 0, IDLE_MS + 5_000)).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 50);
    expect(stack.agent.sessions.ownerOf(chat.id)).toBeUndefined();

    const again = await chat.send('Can you check my Slack messages?');
    expect(again.errors).toEqual([]);
    expect(again.toolCalls.map((c) => c.name)).toEqual(['get_authentication_link']);
    expect(await navigatorSessions(stack)).toBe(1);
  });

  it('"New conversation" (DELETE) closes the session on the navigator at once', async () => {
    await settle(() => navigatorSessions(stack), 0, IDLE_MS + 5_000);
    const cookie = await signIn(stack.agent.url, 'bob');
    const chat = new Conversation(stack.agent.url, cookie);
    await chat.send('hello');
    expect(await navigatorSessions(stack)).toBe(1);
    const res = await fetch(`${stack.agent.url}/api/conversations/${chat.id}`, {
      method: 'DELETE',
      headers: { cookie },
    });
    expect(await res.json()).toEqual({ closed: true, deleted: true });
    expect(await navigatorSessions(stack)).toBe(0);
  });
});
