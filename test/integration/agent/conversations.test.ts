// Stored conversations over real HTTP (issue 16): the signed-in user's list and messages with tool
// parts, delete, another user's 403, the per-user cap's 429 with the reason, the file's 0600 mode,
// and a reopened conversation getting a new navigator session.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../../kit/stack.js';
import { startAgentStack } from './support.js';
import { Conversation, signIn } from '../../../kit/chat-client.js';

const CAP = 3;

describe('stored conversations', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startAgentStack({ maxConversationsPerUser: CAP, conversationIdleMs: 60_000 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const api = (path: string, cookie: string, method = 'GET') =>
    fetch(`${stack.agent.url}${path}`, { method, headers: { cookie } });

  it("lists the user's conversations and returns one with its UI messages and tool parts", async () => {
    const cookie = await signIn(stack.agent.url, 'alice');
    const chat = new Conversation(stack.agent.url, cookie);
    const turn = await chat.send('Can you check my Slack messages?');
    expect(turn.toolCalls.map((c) => c.name)).toEqual(['get_authentication_link']);

    const list = (await (await api('/api/conversations', cookie)).json()) as {
      conversations: Array<{ id: string; title: string; updated_at: string }>;
      limit: number;
    };
    expect(list.limit).toBe(CAP);
    const row = list.conversations.find((c) => c.id === chat.id);
    expect(row).toMatchObject({ id: chat.id, title: 'Can you check my Slack messages?' });
    expect(Number.isNaN(Date.parse(row?.updated_at ?? ''))).toBe(false);

    const one = await api(`/api/conversations/${chat.id}`, cookie);
    expect(one.status).toBe(200);
    const body = (await one.json()) as {
      id: string;
      messages: Array<{ id: string; role: string; parts: Array<{ type: string; toolName?: string; state?: string }> }>;
    };
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    // The page's message ids and the stored ones agree (server-made), so a reload shows the same thread.
    expect(body.messages[1]?.id).toBe(turn.assistant?.id);
    const tool = body.messages[1]?.parts.find((p) => p.type === 'dynamic-tool');
    expect(tool).toMatchObject({ toolName: 'get_authentication_link', state: 'output-available' });

    // A second turn updates the same conversation.
    await chat.send("Done! I've authenticated both.");
    const again = (await (await api(`/api/conversations/${chat.id}`, cookie)).json()) as { messages: unknown[] };
    expect(again.messages).toHaveLength(4);
  });

  it("never shows one user's conversation to another: 403 to read, delete, close or continue it", async () => {
    const alice = await signIn(stack.agent.url, 'alice');
    const bob = await signIn(stack.agent.url, 'bob');
    const chat = new Conversation(stack.agent.url, alice);
    await chat.send('hello');
    const bobsList = (await (await api('/api/conversations', bob)).json()) as { conversations: Array<{ id: string }> };
    expect(bobsList.conversations.map((c) => c.id)).not.toContain(chat.id);
    for (const [method, path] of [
      ['GET', `/api/conversations/${chat.id}`],
      ['DELETE', `/api/conversations/${chat.id}`],
      ['DELETE', `/api/conversations/${chat.id}/session`],
    ] as const) {
      const res = await api(path, bob, method);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    const post = await fetch(`${stack.agent.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: bob },
      body: JSON.stringify({
        id: chat.id,
        messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'show me' }] }],
      }),
    });
    expect(post.status).toBe(403);
    // Alice's conversation is untouched.
    expect(
      ((await (await api(`/api/conversations/${chat.id}`, alice)).json()) as { messages: unknown[] }).messages,
    ).toHaveLength(2);
    expect((await api('/api/conversations', '')).status).toBe(401);
    expect((await api('/api/conversations/nope', alice)).status).toBe(404);
  });

  it('deletes a conversation and closes its navigator session', async () => {
    const cookie = await signIn(stack.agent.url, 'carol');
    const chat = new Conversation(stack.agent.url, cookie);
    await chat.send('hello');
    const del = await api(`/api/conversations/${chat.id}`, cookie, 'DELETE');
    expect(await del.json()).toEqual({ closed: true, deleted: true });
    expect((await api(`/api/conversations/${chat.id}`, cookie)).status).toBe(404);
    expect(stack.agent.sessions.ownerOf(chat.id)).toBeUndefined();
  });

  it('reopening a conversation closes its old navigator session, so the next turn opens a new one', async () => {
    const cookie = await signIn(stack.agent.url, 'carol');
    const chat = new Conversation(stack.agent.url, cookie);
    await chat.send('hello');
    expect(stack.agent.sessions.ownerOf(chat.id)).toBe('carol');
    expect(await (await api(`/api/conversations/${chat.id}/session`, cookie, 'DELETE')).json()).toEqual({
      closed: true,
    });
    expect(stack.agent.sessions.ownerOf(chat.id)).toBeUndefined();
    const next = await chat.send('Can you check my Slack messages?');
    expect(next.errors).toEqual([]);
    expect(stack.agent.sessions.ownerOf(chat.id)).toBe('carol');
  });

  it('caps the conversations one user keeps: past the cap a new one is a 429 with the reason, an old one goes on', async () => {
    const cookie = await signIn(stack.agent.url, 'bob');
    const existing = ((await (await api('/api/conversations', cookie)).json()) as { conversations: unknown[] })
      .conversations.length;
    const chats: Conversation[] = [];
    for (let i = existing; i < CAP; i++) {
      const c = new Conversation(stack.agent.url, cookie);
      await c.send(`hello ${i}`);
      chats.push(c);
    }
    const refused = await fetch(`${stack.agent.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        id: 'one-too-many',
        messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hi' }] }],
      }),
    });
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_requests');
    expect(body.error.message).toMatch(/already keep 3 conversations.*Delete one/);
    // A stored conversation still takes new turns, and deleting one makes room.
    const last = chats.at(-1) ?? new Conversation(stack.agent.url, cookie);
    expect((await last.send('and again')).errors).toEqual([]);
    const first = (
      (await (await api('/api/conversations', cookie)).json()) as { conversations: Array<{ id: string }> }
    ).conversations.at(-1);
    await api(`/api/conversations/${first?.id ?? ''}`, cookie, 'DELETE');
    expect((await new Conversation(stack.agent.url, cookie).send('room now')).errors).toEqual([]);
  });

  it('keeps the store in a file only its owner can read (0600)', () => {
    const file = join(stack.agent.transcriptsDir, 'conversations.db');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
