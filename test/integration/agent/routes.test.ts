// The agent server's HTTP surface over real HTTP: sign-in cookie, input errors as JSON, models,
// status and the settings pass-through against the real navigator, conversation sessions (close,
// navigator restart), model configuration errors, and the system prompt file reload.
import { MockLanguageModelV3 } from 'ai/test';
import { simulateReadableStream } from 'ai';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentServer } from '../../../server/agent/app.js';
import { DEFAULT_SYSTEM_PROMPT_PATH } from '../../../server/agent/config.js';
import { AuthLinkResult } from '../../../server/shared/contracts.js';
import type { Stack } from '../../../kit/stack.js';
import { startAgentStack } from './support.js';
import { Conversation, signIn } from '../../../kit/chat-client.js';
import { SettingsClient } from '../../../kit/settings-client.js';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('agent HTTP routes', () => {
  let stack: Stack;
  let promptFile: string;
  const seenSystemPrompts: string[] = [];

  beforeAll(async () => {
    promptFile = join(mkdtempSync(join(tmpdir(), 'agent-prompt-')), 'system.md');
    copyFileSync(DEFAULT_SYSTEM_PROMPT_PATH, promptFile);
    stack = await startAgentStack({ systemPromptPath: promptFile, conversationIdleMs: 60_000 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('signs in with a signed httpOnly SameSite=Lax cookie and refuses wrong passwords', async () => {
    const res = await fetch(`${stack.agent.url}/api/session`, json({ user: 'alice', password: 'alice' }));
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await fetch(`${stack.agent.url}/api/session`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(await me.json()).toEqual({
      user: 'alice',
      role: 'user',
      navigator_origin: new URL(stack.navigatorUrl).origin,
    });

    const wrong = await fetch(`${stack.agent.url}/api/session`, json({ user: 'alice', password: 'bob' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const forged = await fetch(`${stack.agent.url}/api/session`, {
      headers: { cookie: 'nc_session=bob|9999999999999' },
    });
    expect(forged.status).toBe(401);
  });

  it('answers bad chat requests with JSON errors: 401 without a session, 400 for bad bodies, 413 over 1 MB', async () => {
    expect((await fetch(`${stack.agent.url}/api/chat`, json({ id: 'x', messages: [] }))).status).toBe(401);
    const cookie = await signIn(stack.agent.url, 'alice');
    const post = (body: string) =>
      fetch(`${stack.agent.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body,
      });
    const malformed = await post('{"id":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'bad_request' } });
    const badMessages = await post(JSON.stringify({ id: 'c1', messages: [{ role: 'user' }] }));
    expect(badMessages.status).toBe(400);
    const huge = await post(
      JSON.stringify({
        id: 'c1',
        messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'x'.repeat(1_100_000) }] }],
      }),
    );
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('lists the models with the demo model labeled as offline', async () => {
    const res = await fetch(`${stack.agent.url}/api/models`);
    expect(await res.json()).toEqual({
      default: 'demo',
      models: [{ id: 'demo', label: 'Offline demo model', offline: true }],
    });
  });

  it("[B2] /api/status is the signed-in user's AuthLinkResult from the navigator", async () => {
    const res = await fetch(`${stack.agent.url}/api/status`, {
      headers: { cookie: await signIn(stack.agent.url, 'carol') },
    });
    const status = AuthLinkResult.parse(await res.json());
    expect(status.status).toBe('authentication_needed');
    expect(status.unauthenticated_servers.sort()).toEqual(['linear', 'slack']);
    expect((await fetch(`${stack.agent.url}/api/status`)).status).toBe(401);
  });

  // Admin sessions only since the roles change (users get 403: test/integration/security/roles.test.ts).
  it('passes /api/navigator/* to the navigator settings API with the admin key, for admin sessions only', async () => {
    const cookie = await signIn(stack.agent.url, 'admin');
    expect(
      (
        await fetch(`${stack.agent.url}/api/navigator/projects/demo`, {
          headers: { cookie: await signIn(stack.agent.url, 'alice') },
        })
      ).status,
    ).toBe(403);
    // The pass-through answers what the navigator's contract says.
    const project = await new SettingsClient({ baseUrl: stack.agent.url, via: 'agent', cookie }).project();
    expect(project.servers.map((s) => s.name).sort()).toEqual(['linear', 'slack']);
    expect((await fetch(`${stack.agent.url}/api/navigator/projects/demo`)).status).toBe(401);
    const missing = await fetch(`${stack.agent.url}/api/navigator/projects/nope`, { headers: { cookie } });
    expect(missing.status).toBe(404);
  });

  it('refuses /api/navigator paths whose dot segments climb out of the settings API', async () => {
    const cookie = await signIn(stack.agent.url, 'admin');
    // Raw request: fetch (and new URL) would resolve the dot segments before sending.
    const rawGet = (path: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const { hostname, port } = new URL(stack.agent.url);
        const req = request({ hostname, port, path, headers: { cookie } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject).end();
      });
    for (const path of [
      '/api/navigator/../auth?project_id=demo',
      '/api/navigator/%2e%2e/auth?project_id=demo',
      '/api/navigator/projects/%2E%2E/../health',
    ]) {
      const r = await rawGet(path);
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'bad_request' } });
    }
    expect((await rawGet('/api/navigator/projects/demo/../demo')).status).toBe(200);
  });

  it('keeps one navigator session per conversation, closes it on DELETE, and recreates it after a navigator restart', async () => {
    const cookie = await signIn(stack.agent.url, 'bob');
    const chat = new Conversation(stack.agent.url, cookie);
    await chat.send('hello');
    await chat.send('hello again');
    expect(stack.agent.sessions.ownerOf(chat.id)).toBe('bob');
    const sessionsBefore = stack.agent.sessions.size;

    await stack.restartNavigator();
    const afterRestart = await chat.send('Can you check my Slack messages?');
    expect(afterRestart.errors).toEqual([]);
    expect(afterRestart.toolCalls.map((c) => c.name)).toEqual(['get_authentication_link']);
    expect(afterRestart.text).toContain("haven't connected your Slack account yet");
    expect(stack.agent.sessions.size).toBe(sessionsBefore);

    const other = await fetch(`${stack.agent.url}/api/conversations/${chat.id}`, {
      method: 'DELETE',
      headers: { cookie: await signIn(stack.agent.url, 'carol') },
    });
    expect(other.status).toBe(403);
    const closed = await fetch(`${stack.agent.url}/api/conversations/${chat.id}`, {
      method: 'DELETE',
      headers: { cookie },
    });
    expect(await closed.json()).toEqual({ closed: true, deleted: true });
    expect(stack.agent.sessions.ownerOf(chat.id)).toBeUndefined();
  });

  it('a conversation id belongs to its user', async () => {
    const alice = new Conversation(stack.agent.url, await signIn(stack.agent.url, 'alice'), 'shared-id');
    await alice.send('hello');
    const res = await fetch(`${stack.agent.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: await signIn(stack.agent.url, 'bob') },
      body: JSON.stringify({
        id: 'shared-id',
        messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hi' }] }],
      }),
    });
    expect(res.status).toBe(403);
  });

  it('an openai model without OPENAI_API_KEY gives a clear chat error, and a clear error at start', async () => {
    const chat = new Conversation(
      stack.agent.url,
      await signIn(stack.agent.url, 'alice'),
      undefined,
      'openai:gpt-4o-mini',
    );
    const turn = await chat.send('hello');
    expect(turn.errors.join(' ')).toContain('needs OPENAI_API_KEY');
    expect(() =>
      createAgentServer({
        navigatorUrl: 'http://127.0.0.1:9',
        navigatorApiKey: 'k',
        navigatorAdminKey: 'k',
        sessionSecret: 's',
        defaultModel: 'openai:gpt-4o',
      }),
    ).toThrow(/needs OPENAI_API_KEY/);
  });

  it('re-reads the system prompt file when it changes', async () => {
    const model = new MockLanguageModelV3({
      doStream: async (options) => {
        const system = options.prompt.find((m) => m.role === 'system');
        seenSystemPrompts.push(system?.role === 'system' ? system.content : '');
        return {
          stream: simulateReadableStream({
            chunks: [
              { type: 'text-start', id: 't' },
              { type: 'text-delta', id: 't', delta: 'ok' },
              { type: 'text-end', id: 't' },
              {
                type: 'finish',
                finishReason: { unified: 'stop', raw: 'stop' },
                usage: {
                  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
                  outputTokens: { total: 1, text: 1, reasoning: undefined },
                },
              },
            ],
          }),
        };
      },
    });
    const own = await startAgentStack({ systemPromptPath: promptFile, resolveModel: () => model });
    try {
      const chat = new Conversation(own.agent.url, await signIn(own.agent.url, 'alice'));
      await chat.send('one');
      writeFileSync(promptFile, 'You are a pirate. Say arr.');
      await chat.send('two');
      expect(seenSystemPrompts[0]).toContain('get_authentication_link');
      expect(seenSystemPrompts[1]).toBe('You are a pirate. Say arr.');
    } finally {
      await own.close();
    }
  });
});
