// A conversation's navigator MCP session, seen from the navigator: opened on the first turn, reused,
// and closed on the navigator (not just forgotten by the agent) when the conversation idles out or
// the user starts a new conversation. The agent's clock is a manual one: idle time passes by `advance`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../../kit/stack.js';
import { manualClock } from '../../../server/shared/clock.js';
import { startAgentStack } from './support.js';
import { Conversation, signIn } from '../../../kit/chat-client.js';

const IDLE_MS = 30 * 60_000;
const clock = manualClock();

async function navigatorSessions(stack: Stack): Promise<number> {
  const body = (await (await fetch(`${stack.navigatorUrl}/healthz`)).json()) as { sessions: number };
  return body.sessions;
}

/** Polls (every 10 ms) until `read` gives `want`: waits for the navigator to see the agent's DELETE. */
async function until(read: () => Promise<number>, want: number): Promise<number> {
  let v = await read();
  while (v !== want) {
    await new Promise((r) => setTimeout(r, 10));
    v = await read();
  }
  return v;
}

describe('navigator sessions of conversations', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startAgentStack({ conversationIdleMs: IDLE_MS, clock });
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

    // Just short of the idle time the session is still open, on both sides.
    clock.advance(IDLE_MS - 1);
    expect(stack.agent.sessions.ownerOf(chat.id)).toBe('alice');
    expect(await navigatorSessions(stack)).toBe(1);
    clock.advance(1);
    expect(stack.agent.sessions.ownerOf(chat.id)).toBeUndefined();
    expect(await until(() => navigatorSessions(stack), 0)).toBe(0);

    const again = await chat.send('Can you check my Slack messages?');
    expect(again.errors).toEqual([]);
    expect(again.toolCalls.map((c) => c.name)).toEqual(['get_authentication_link']);
    expect(await navigatorSessions(stack)).toBe(1);
  });

  it('"New conversation" (DELETE) closes the session on the navigator at once', async () => {
    clock.advance(IDLE_MS);
    await until(() => navigatorSessions(stack), 0);
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
