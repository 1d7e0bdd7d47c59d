/**
 * Failures in the middle of a conversation, driven through the agent's /api/chat with the offline
 * demo model: an access token expiring (refreshed without the user noticing), a refresh token revoked
 * (B16: back to authentication_needed, the agent is told to share the link), the navigator forgetting
 * the MCP session (404, re-initialized), and a navigator restart on its file database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../server/shared/clock.js';
import { findAuthLink } from '../agent/support.js';
import type { Stack } from '../../../kit/stack.js';
import { conversation, mockAdmin, resultText, startChatStack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const ASK = 'Can you check my Slack messages?';

function expectNoLeak(s: Stack, tokens: string[], outputs: unknown[]): void {
  expect(tokens.length).toBeGreaterThan(0);
  const all = JSON.stringify([outputs, s.logs]);
  for (const t of tokens) expect(all.includes(t), 'a downstream token leaked').toBe(false);
}

describe('conversation survives failures', () => {
  it('[B16] an access token expiring mid-conversation is refreshed and the call retried without the user noticing', async () => {
    stack = await startChatStack();
    await stack.connect('alice', ['slack']);
    const slackId = stack.navigator.testing.server('demo', 'slack')?.id ?? -1;
    const before = stack.navigator.testing.credential('alice', slackId);
    const chat = await conversation(stack, 'alice');
    const first = await chat.send(ASK);
    expect(first.errors).toEqual([]);
    expect(first.text).toContain('INC-232');
    const tokens = await stack.heldTokens();

    const expired = (await mockAdmin(stack.slack.url, '/admin/tokens/expire', { account: 'alice' })) as {
      expired: number;
    };
    expect(expired.expired).toBeGreaterThan(0);
    const second = await chat.send(ASK);
    expect(second.errors).toEqual([]);
    expect(second.text).toContain('INC-232');
    expect(second.text).toBe(first.text);
    expect(findAuthLink(second.text)).toBeUndefined();
    expect(second.toolOutputs.every((o) => !o.errorText)).toBe(true);

    const after = stack.navigator.testing.credential('alice', slackId);
    expect(after?.status).toBe('valid');
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expectNoLeak(stack, [...tokens, ...(await stack.heldTokens())], [first.chunks, second.chunks]);
  });

  it('[B16] a revoked refresh token makes the server authentication_needed and the agent is told to call get_authentication_link', async () => {
    stack = await startChatStack();
    await stack.connect('alice', ['slack']);
    const chat = await conversation(stack, 'alice');
    expect((await chat.send(ASK)).text).toContain('INC-232');
    const tokens = await stack.heldTokens();

    await mockAdmin(stack.slack.url, '/admin/tokens/revoke', { account: 'alice' });
    // What a model calling the tool directly is told.
    const mcp = await stack.mcpClient('alice');
    const failed = await mcp.callTool({ name: 'slack__read_direct_messages', arguments: {} });
    expect(failed.isError).toBe(true);
    expect(resultText(failed)).toMatch(
      /Slack connection expired or was revoked\. Call get_authentication_link and share the link/,
    );

    const turn = await chat.send(ASK);
    expect(turn.errors).toEqual([]);
    expect(turn.toolCalls[0]?.name).toBe('get_authentication_link');
    const status = turn.toolOutputs[0]?.output as {
      structuredContent?: { status?: string; unauthenticated_servers?: string[] };
    };
    expect(status.structuredContent?.status).toBe('authentication_needed');
    expect(status.structuredContent?.unauthenticated_servers).toEqual(['slack', 'linear']);
    expect(findAuthLink(turn.text)).toBe(stack.navigator.service.activeLinkUrl('demo'));
    const slackId = stack.navigator.testing.server('demo', 'slack')?.id ?? -1;
    expect(stack.navigator.testing.credential('alice', slackId)?.status).toBe('invalid');
    expectNoLeak(stack, tokens, [turn.chunks, failed]);
  });

  it('an MCP session the navigator no longer knows answers 404 and the agent re-initializes transparently', async () => {
    const clock = manualClock();
    stack = await startChatStack({ sessionIdleMs: 60_000, navigator: { clock } });
    await stack.connect('alice', ['slack']);
    const chat = await conversation(stack, 'alice');
    expect((await chat.send(ASK)).errors).toEqual([]);
    // The navigator reaps the idle session (its clock moves past the idle limit); the agent still holds its id.
    clock.advance(75_000);
    await expect
      .poll(
        async () => ((await (await fetch(`${stack?.navigatorUrl}/healthz`)).json()) as { sessions: number }).sessions,
        { timeout: 5_000 },
      )
      .toBe(0);
    const turn = await chat.send(ASK);
    expect(turn.errors).toEqual([]);
    expect(turn.text).toContain('INC-232');
    expect(stack.logs.some((l) => l.includes('navigator session gone (404)'))).toBe(true);
  });

  it('an unknown MCP session id gets 404 with a JSON-RPC error', async () => {
    stack = await startChatStack();
    const res = await fetch(stack.mcpUrl, {
      method: 'POST',
      headers: {
        ...stack.mcpHeaders('alice'),
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': 'f0f0f0f0-dead-beef-0000-000000000000',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      jsonrpc: '2.0',
      error: { code: expect.any(Number), message: expect.stringMatching(/Session not found/) },
    });
  });

  it('a navigator restart during a conversation keeps settings, links and credentials; the agent reconnects on the next turn', async () => {
    stack = await startChatStack();
    await stack.connect('alice', ['slack']);
    await stack.api('PATCH', '/api/projects/demo/servers/linear', { display_name: 'Linear (renamed)' });
    const projectBefore = (await stack.api('GET', '/api/projects/demo')).body;
    const linkBefore = stack.navigator.service.activeLinkUrl('demo');
    const chat = await conversation(stack, 'alice');
    expect((await chat.send(ASK)).text).toContain('INC-232');
    const bobChat = await conversation(stack, 'bob');
    expect(findAuthLink((await bobChat.send(ASK)).text)).toBe(linkBefore);

    await stack.restartNavigator();

    expect((await stack.api('GET', '/api/projects/demo')).body).toEqual(projectBefore);
    expect(stack.navigator.service.activeLinkUrl('demo')).toBe(linkBefore);
    const turn = await chat.send(ASK);
    expect(turn.errors).toEqual([]);
    expect(turn.text).toContain('INC-232');
    const bobTurn = await bobChat.send(ASK);
    expect(bobTurn.errors).toEqual([]);
    expect(findAuthLink(bobTurn.text)).toBe(linkBefore);
    // The link from before the restart still works: bob connects through it and is served.
    await stack.connect('bob', ['slack']);
    expect((await bobChat.send(ASK)).text).toContain('Slack');
    const status = await stack.settings.userStatus('alice');
    expect(status.unauthenticated_servers).toEqual(['linear']);
  });
});
