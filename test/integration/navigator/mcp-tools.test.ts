/** The navigator's MCP tools against real mocks, with the MCP SDK Client: B1-B4, B10-B13. */
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthLinkResult } from '../../../server/shared/contracts.js';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function status(c: Client) {
  const r = await c.callTool({ name: 'get_authentication_link', arguments: {} });
  expect(r.isError).toBeFalsy();
  const parsed = AuthLinkResult.parse(r.structuredContent);
  const first = (r.content as { type: string; text: string }[])[0];
  expect(JSON.parse(first?.text ?? '')).toEqual(parsed);
  return parsed;
}
const names = async (c: Client) => (await c.listTools()).tools.map((t) => t.name);
const text = (r: unknown) =>
  ((r as { content?: { text?: string }[] }).content ?? []).map((x) => x.text ?? '').join('\n');

describe('navigator MCP tools (MCP SDK Client)', () => {
  it('[B1] lists get_authentication_link only while In-Chat Authentication is on, and refuses calls when off', async () => {
    stack = await startStack();
    const c = await stack.mcpClient('alice');
    expect(await names(c)).toContain('get_authentication_link');
    const tool = (await c.listTools()).tools.find((t) => t.name === 'get_authentication_link');
    expect(tool?.outputSchema?.type).toBe('object');

    const changed = new Promise<void>((resolve) =>
      c.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
    );
    expect((await stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: false })).status).toBe(200);
    await changed;
    expect(await names(c)).not.toContain('get_authentication_link');
    await expect(c.callTool({ name: 'get_authentication_link', arguments: {} })).rejects.toThrow(
      /In-Chat Authentication is turned off/,
    );

    await stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: true });
    expect(await names(c)).toContain('get_authentication_link');
  });

  it('[B1] a new session of an instance with the feature off has no get_authentication_link', async () => {
    stack = await startStack({ inChatAuth: false });
    const c = await stack.mcpClient('alice');
    expect(await names(c)).not.toContain('get_authentication_link');
    await expect(c.callTool({ name: 'get_authentication_link', arguments: {} })).rejects.toThrow(/not available/);
  });

  it('[B2][B3] authentication_needed carries the link and the names of the servers still to connect', async () => {
    stack = await startStack();
    const s = await status(await stack.mcpClient('alice'));
    expect(s.status).toBe('authentication_needed');
    expect(s.auth_link).toMatch(new RegExp(`^${stack.navigator.url}/auth\\?auth_link_id=[\\w-]+$`));
    expect(s.unauthenticated_servers).toEqual(['slack', 'linear']);
    expect(s.message).toContain('Slack and Linear');
    expect(s.servers.map((x) => [x.name, x.display_name, x.state])).toEqual([
      ['slack', 'Slack', 'needs_connecting'],
      ['linear', 'Linear', 'needs_connecting'],
    ]);
  });

  it('[B2] two users interleaved on one instance get their own status, answers and credentials', async () => {
    stack = await startStack();
    const alice = await stack.mcpClient('alice');
    const bob = await stack.mcpClient('bob');
    await stack.connect('alice', ['slack']);
    expect((await status(alice)).unauthenticated_servers).toEqual(['linear']);
    expect((await status(bob)).unauthenticated_servers).toEqual(['slack', 'linear']);

    const aliceDm = await alice.callTool({ name: 'slack__read_direct_messages', arguments: {} });
    const bobDm = await bob.callTool({ name: 'slack__read_direct_messages', arguments: {} });
    expect(aliceDm.isError).toBeFalsy();
    expect((aliceDm.structuredContent as { account: string }).account).toBe('alice');
    expect(bobDm.isError).toBe(true);
    expect(text(bobDm)).toMatch(/not connected Slack.*get_authentication_link/);

    await stack.connect('bob', ['slack']);
    const [a2, b2, a3] = await Promise.all([
      alice.callTool({ name: 'slack__read_direct_messages', arguments: {} }),
      bob.callTool({ name: 'slack__read_direct_messages', arguments: {} }),
      alice.callTool({
        name: 'call_server_tool',
        arguments: { server: 'slack', tool: 'read_direct_messages', arguments: {} },
      }),
    ]);
    expect((a2.structuredContent as { account: string }).account).toBe('alice');
    expect((b2.structuredContent as { account: string }).account).toBe('bob');
    expect((a3.structuredContent as { account: string }).account).toBe('alice');
    expect(text(a2)).not.toEqual(text(b2));
  });

  it('[B4][B10] status follows the user through partial completion to fully_authenticated', async () => {
    stack = await startStack();
    const c = await stack.mcpClient('carol');
    expect((await status(c)).status).toBe('authentication_needed');
    await stack.connect('carol', ['linear']);
    const partial = await status(c);
    expect(partial.status).toBe('authentication_needed');
    expect(partial.unauthenticated_servers).toEqual(['slack']);
    expect(partial.message).toMatch(/Connected: Linear/);
    await stack.connect('carol', ['slack']);
    const done = await status(c);
    expect(done.status).toBe('fully_authenticated');
    expect(done.unauthenticated_servers).toEqual([]);
    expect(done.auth_link).toBeUndefined();
  });

  it('[B11] descriptions name only servers usable at session start, including project-level ones', async () => {
    stack = await startStack({ authLevels: { slack: 'user', linear: 'project' } });
    await stack.connectShared('linear');
    const c = await stack.mcpClient('alice');
    const tools = (await c.listTools()).tools;
    const call = tools.find((t) => t.name === 'call_server_tool');
    expect(call?.description).toContain('Available MCP Servers: Linear (linear).');
    expect(call?.description).not.toContain('Slack');
    expect(tools.some((t) => t.name.startsWith('slack__'))).toBe(false);
    const linearTools = tools.filter((t) => t.name.startsWith('linear__'));
    expect(linearTools.map((t) => t.name)).toContain('linear__create_issue');
    expect(linearTools.every((t) => t.description?.startsWith('[Linear] '))).toBe(true);
  });

  it('[B12][B13] servers connected mid-session work at once, while the session keeps its start-of-session list', async () => {
    stack = await startStack();
    await stack.connect('alice', ['linear']);
    const c = await stack.mcpClient('alice');
    const before = (await c.listTools()).tools;
    const desc = before.find((t) => t.name === 'call_server_tool')?.description;
    expect(desc).toContain('Available MCP Servers: Linear (linear).');
    expect((await c.callTool({ name: 'slack__list_channels', arguments: {} })).isError).toBe(true);

    await stack.connect('alice', ['slack']);
    const direct = await c.callTool({ name: 'slack__list_channels', arguments: {} });
    expect(direct.isError).toBeFalsy();
    expect(text(direct)).toContain('#general');
    const generic = await c.callTool({
      name: 'call_server_tool',
      arguments: { server: 'slack', tool: 'list_channels', arguments: {} },
    });
    expect(text(generic)).toContain('#general');
    const listed = await c.callTool({ name: 'list_server_tools', arguments: { server: 'slack' } });
    expect(text(listed)).toContain('read_channel');

    const after = (await c.listTools()).tools;
    expect(after.find((t) => t.name === 'call_server_tool')?.description).toBe(desc);
    expect(after.some((t) => t.name.startsWith('slack__'))).toBe(false);

    const fresh = await stack.mcpClient('alice');
    const freshTools = (await fresh.listTools()).tools;
    expect(freshTools.find((t) => t.name === 'call_server_tool')?.description).toContain(
      'Available MCP Servers: Slack (slack), Linear (linear).',
    );
    expect(freshTools.some((t) => t.name === 'slack__post_message')).toBe(true);
  });

  it('answers unknown tools and servers clearly', async () => {
    stack = await startStack();
    const c = await stack.mcpClient('alice');
    await expect(c.callTool({ name: 'nope', arguments: {} })).rejects.toThrow(/Unknown tool 'nope'/);
    const r = await c.callTool({ name: 'call_server_tool', arguments: { server: 'jira', tool: 'x', arguments: {} } });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/no MCP server named 'jira'.*slack, linear/);
    // Argument mistakes are tool results the model can correct (issue 14), naming the field.
    const bad = await c.callTool({ name: 'call_server_tool', arguments: { tool: 'x' } });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/needs .*server: /);
  });
});
