/** The same behaviors through @ai-sdk/mcp, the client the agent server uses: B1-B3, B10, B12, B13. */
import { createMCPClient, type MCPClient } from '@ai-sdk/mcp';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthLinkResult } from '../../../server/shared/contracts.js';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
const clients: MCPClient[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await stack?.close();
  stack = undefined;
});

async function open(user: string): Promise<MCPClient> {
  if (!stack) throw new Error('no stack');
  const c = await createMCPClient({ transport: { type: 'http', url: stack.mcpUrl, headers: stack.mcpHeaders(user) } });
  clients.push(c);
  return c;
}

type Executable = { execute?: (args: unknown, opts: { toolCallId: string; messages: [] }) => unknown };
async function run(c: MCPClient, name: string, args: Record<string, unknown> = {}) {
  const tools = (await c.tools()) as Record<string, Executable>;
  const tool = tools[name];
  if (!tool?.execute) throw new Error(`no tool ${name}`);
  return (await tool.execute(args, { toolCallId: 't1', messages: [] })) as {
    content?: { text?: string }[];
    structuredContent?: unknown;
    isError?: boolean;
  };
}

describe('navigator MCP tools (@ai-sdk/mcp)', () => {
  it('[B1][B2][B3][B10] the agent-side client sees the tool and the status of its own user', async () => {
    stack = await startStack();
    const alice = await open('alice');
    const bob = await open('bob');
    expect(Object.keys(await alice.tools())).toContain('get_authentication_link');
    const first = AuthLinkResult.parse((await run(alice, 'get_authentication_link')).structuredContent);
    expect(first.status).toBe('authentication_needed');
    expect(first.unauthenticated_servers).toEqual(['slack', 'linear']);

    await stack.connect('alice', ['slack', 'linear']);
    expect(AuthLinkResult.parse((await run(alice, 'get_authentication_link')).structuredContent).status).toBe(
      'fully_authenticated',
    );
    expect(AuthLinkResult.parse((await run(bob, 'get_authentication_link')).structuredContent).status).toBe(
      'authentication_needed',
    );

    await stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: false });
    expect(Object.keys(await alice.tools())).not.toContain('get_authentication_link');
  });

  it('[B12][B13] a client that fetched its tools once reaches a server connected mid-session', async () => {
    stack = await startStack();
    const c = await open('alice');
    const tools = (await c.tools()) as Record<string, Executable & { description?: string }>;
    expect(Object.keys(tools).some((n) => n.startsWith('slack__'))).toBe(false);
    expect(tools.call_server_tool?.description).toContain('Available MCP Servers: none yet.');
    const before = await run(c, 'call_server_tool', { server: 'slack', tool: 'list_channels', arguments: {} });
    expect(before.isError).toBe(true);
    expect(before.content?.[0]?.text).toMatch(/get_authentication_link/);

    await stack.connect('alice', ['slack']);
    const callTool = tools.call_server_tool;
    const after = (await callTool?.execute?.(
      { server: 'slack', tool: 'list_channels', arguments: {} },
      { toolCallId: 't2', messages: [] },
    )) as { content?: { text?: string }[]; isError?: boolean };
    expect(after.isError).toBeFalsy();
    expect(after.content?.[0]?.text).toContain('#general');
    expect(((await c.tools()) as Record<string, { description?: string }>).call_server_tool?.description).toContain(
      'none yet',
    );

    const fresh = await open('alice');
    const freshTools = (await fresh.tools()) as Record<string, { description?: string }>;
    expect(freshTools.call_server_tool?.description).toContain('Slack (slack)');
    expect(Object.keys(freshTools)).toContain('slack__read_channel');
  });
});
