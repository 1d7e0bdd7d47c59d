/**
 * The agent's navigator sessions and what the navigator sends them (issue 14), against the real
 * navigator and mocks: `notifications/tools/list_changed` is taken quietly and refreshes the running
 * turn's tools for its next step; a `-32042` URL-mode elicitation becomes a tool result that carries
 * a Connect card when In-Chat Authentication is off, and the usual get_authentication_link advice
 * when it is on.
 */
import type { ToolSet } from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NavigatorSessions } from '../../../server/agent/navigator-sessions.js';
import { FAILURE_CODE_META, failureCodeOf } from '../../../server/shared/contracts.js';
import { ELICITATION_META_KEY, ElicitationCard } from '../../../server/shared/elicitation.js';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
let sessions: NavigatorSessions | undefined;
afterEach(async () => {
  await sessions?.closeAll();
  await stack?.close();
  stack = sessions = undefined;
});

function open(s: Stack, log: string[]): NavigatorSessions {
  sessions = new NavigatorSessions({
    navigatorUrl: s.navigator.url,
    instanceId: 'demo',
    apiKey: s.apiKey,
    idleMs: 60_000,
    toolTimeoutMs: 10_000,
    log: (l) => log.push(l),
  });
  return sessions;
}

async function run(tools: ToolSet, name: string, input: unknown): Promise<Record<string, unknown>> {
  const execute = tools[name]?.execute;
  if (!execute) throw new Error(`no tool ${name}`);
  return (await execute(input, { toolCallId: 'call-1', messages: [] })) as Record<string, unknown>;
}

const textOf = (r: Record<string, unknown>) => (r.content as { text: string }[]).map((c) => c.text).join('\n');

describe('agent navigator sessions: notifications and elicitations', () => {
  it('turns -32042 into an isError result with a Connect card on the navigator origin when In-Chat Authentication is off', async () => {
    stack = await startStack({ inChatAuth: false });
    const log: string[] = [];
    const tools = await open(stack, log).tools('conv-1', 'alice');
    const r = await run(tools, 'call_server_tool', { server: 'slack', tool: 'list_channels', arguments: {} });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(
      /^Connect your Slack account to continue\. The user has not connected this service yet\. A Connect button/,
    );
    const card = ElicitationCard.parse((r._meta as Record<string, unknown>)[ELICITATION_META_KEY]);
    expect(new URL(card.url).origin).toBe(new URL(stack.navigator.publicUrl).origin);
    expect(card.url).toContain(`elicitation_id=${card.elicitation_id}`);
    expect(failureCodeOf(r)).toBe('not_connected');
    expect(log).toEqual([]);
  });

  it('with In-Chat Authentication on, a -32042 tells the model to call get_authentication_link and carries no card', async () => {
    stack = await startStack();
    const tools = await open(stack, []).tools('conv-2', 'alice');
    const r = await run(tools, 'call_server_tool', { server: 'linear', tool: 'list_teams', arguments: {} });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/has not connected this service yet\. Call get_authentication_link/);
    // No Connect card; only the stable failure code.
    expect(r._meta).toEqual({ [FAILURE_CODE_META]: 'not_connected' });
  });

  it("takes tools/list_changed quietly and refreshes the running turn's tools for its next step", async () => {
    stack = await startStack();
    expect((await stack.api('PATCH', '/api/instances/demo', { live_tool_list: true })).status).toBe(200);
    const log: string[] = [];
    const s = open(stack, log);
    const tools = await s.tools('conv-3', 'alice');
    expect(Object.keys(tools)).not.toContain('slack__list_channels');
    // Mid-turn, alice connects Slack: the navigator tells the session, and the same tool set gains Slack's tools.
    await stack.connect('alice', ['slack']);
    await vi.waitFor(() => expect(Object.keys(tools)).toContain('slack__list_channels'), { timeout: 10_000 });
    expect(textOf(await run(tools, 'slack__list_channels', {}))).toContain('general');
    // Switching In-Chat Authentication off sends list_changed too (B7): the tool goes from the running turn.
    expect(Object.keys(tools)).toContain('get_authentication_link');
    expect((await stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: false })).status).toBe(200);
    await vi.waitFor(() => expect(Object.keys(tools)).not.toContain('get_authentication_link'), { timeout: 10_000 });
    s.release('conv-3');
    // Nothing was logged as an unsupported message.
    expect(log.filter((l) => /Unsupported message type|not refreshed/.test(l))).toEqual([]);
  });
});
