/**
 * The mocks' 403 `insufficient_scope` (MCP Scope Challenge Handling) as the navigator sees it: a user
 * whose Slack connection lacks a tool's scope gets a tool error naming the missing scope, and nothing is
 * written at Slack. The narrower grant is made by asking for one scope (the navigator's stored OAuth
 * settings are narrowed before the user connects).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const textOf = (r: unknown) =>
  ((r as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('\n');

describe('navigator + mock scope challenge', () => {
  it('a tool call without its scope is a tool error naming the scope; reads allowed by the grant still work', async () => {
    stack = await startStack();
    const slack = stack.navigator.testing.server('demo', 'slack')!;
    const oauth = await stack.navigator.service.ensureOAuth(slack);
    stack.navigator.testing.setServerOAuth(slack, { ...oauth, scope: 'channels:read' });
    await stack.connect('alice', ['slack']);
    const alice = await stack.mcpClient('alice');
    expect((await alice.callTool({ name: 'slack__list_channels', arguments: {} })).isError).toBeFalsy();
    const post = await alice.callTool({ name: 'slack__post_message', arguments: { channel: 'general', text: 'hi' } });
    expect(post.isError).toBe(true);
    expect(textOf(post)).toContain('Slack returned an error: Missing OAuth scope "chat:write"');
    const state = (await (await fetch(`${stack.slack.url}/admin/state`)).json()) as { postedMessages: unknown[] };
    expect(state.postedMessages).toEqual([]);
    // The connection itself stays valid: a missing scope is not an expired credential.
    expect(stack.navigator.testing.credentialStates('alice', 'demo').get(slack.id)).toBe('valid');
  });
});
