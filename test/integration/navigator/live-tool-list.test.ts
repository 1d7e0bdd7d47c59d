/**
 * Live tool list, opt-in per instance (issue 14): with it on, connecting or losing a server
 * mid-session sends `notifications/tools/list_changed`, and the next tools/list lists the servers
 * usable now, descriptions included. With it off (the default) B11/B13 hold as documented
 * (behaviors.test.ts, mcp-tools.test.ts); this file checks the default is off.
 */
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** Each call resolves on the next list_changed notification the client receives. */
function listChanges(client: Client): () => Promise<void> {
  const waiting: (() => void)[] = [];
  let unclaimed = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    const next = waiting.shift();
    if (next) next();
    else unclaimed++;
  });
  return () =>
    new Promise<void>((resolve) => {
      if (unclaimed > 0) {
        unclaimed--;
        resolve();
      } else waiting.push(resolve);
    });
}

const names = async (c: Client) => (await c.listTools()).tools.map((t) => t.name);
const genericDescription = async (c: Client) =>
  (await c.listTools()).tools.find((t) => t.name === 'call_server_tool')?.description ?? '';

describe('live tool list', () => {
  it('is off by default', async () => {
    stack = await startStack();
    const p = await stack.settings.project();
    expect(p.instances[0]?.live_tool_list).toBe(false);
  });

  it('with it on, connecting and losing a server mid-session sends list_changed and the next list is current', async () => {
    stack = await startStack();
    expect((await stack.api('PATCH', '/api/instances/demo', { live_tool_list: true })).body).toMatchObject({
      live_tool_list: true,
    });
    const alice = await stack.mcpClient('alice');
    const bob = await stack.mcpClient('bob');
    const aliceChanged = listChanges(alice);
    let bobNotified = 0;
    bob.setNotificationHandler(ToolListChangedNotificationSchema, () => void bobNotified++);
    expect((await names(alice)).some((n) => n.startsWith('slack__'))).toBe(false);
    expect(await genericDescription(alice)).toContain('Available MCP Servers: none yet.');

    const connected = aliceChanged();
    await stack.connect('alice', ['slack']);
    await connected;
    expect(await names(alice)).toContain('slack__list_channels');
    const slackTool = (await alice.listTools()).tools.find((t) => t.name === 'slack__list_channels');
    expect(slackTool?.description).toMatch(/^\[Slack\] /);
    expect(await genericDescription(alice)).toContain('Available MCP Servers: Slack (slack).');

    const lost = aliceChanged();
    expect((await stack.api('DELETE', '/api/projects/demo/users/alice/credentials/slack')).status).toBe(200);
    await lost;
    expect((await names(alice)).some((n) => n.startsWith('slack__'))).toBe(false);
    // Bob's connections did not change: he was not told anything, and his list is as it was.
    expect(bobNotified).toBe(0);
    expect((await names(bob)).some((n) => n.startsWith('slack__'))).toBe(false);
  });
});
