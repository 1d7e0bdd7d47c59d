/**
 * B1-B13, B15 and B16 against the real navigator and the real mock Slack and Linear, run once with the
 * MCP SDK `Client` and once with `@ai-sdk/mcp`. Users connect through the real guided flow and the
 * mocks' consent pages; nothing here is mocked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AuthLinkResult } from '../../../server/shared/contracts.js';
import { CLIENTS, type McpAgent } from './agents.js';
import { startStack, type Stack, type StackOptions } from '../../../kit/stack.js';
import { errorMessage } from '../../../kit/settings-client.js';

let stack: Stack | undefined;
const agents: McpAgent[] = [];
afterEach(async () => {
  await Promise.allSettled(agents.splice(0).map((a) => a.close()));
  await stack?.close();
  stack = undefined;
});

describe.each(CLIENTS)('documented behaviors through $client', ({ open }) => {
  async function start(opts?: StackOptions): Promise<Stack> {
    stack = await startStack(opts);
    return stack;
  }
  async function agent(user: string, instance?: { id: string; key: string }): Promise<McpAgent> {
    if (!stack) throw new Error('no stack');
    const target = instance
      ? {
          url: `${stack.navigator.url}/mcp/${instance.id}`,
          headers: { authorization: `Bearer ${instance.key}`, 'x-navigator-user': user },
        }
      : { url: stack.mcpUrl, headers: stack.mcpHeaders(user) };
    const a = await open(target);
    agents.push(a);
    return a;
  }
  const revoke = async (mockUrl: string, account: string) =>
    expect(
      (
        await fetch(`${mockUrl}/admin/tokens/revoke`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ account }),
        })
      ).status,
    ).toBe(200);

  it('[B1] get_authentication_link is listed only while In-Chat Authentication is on; with it off a call fails with a clear MCP error', async () => {
    const s = await start();
    const alice = await agent('alice');
    expect(await alice.names()).toContain('get_authentication_link');
    expect((await s.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: false })).status).toBe(200);
    expect(await alice.names()).not.toContain('get_authentication_link');
    await expect(alice.call('get_authentication_link')).rejects.toThrow(
      /In-Chat Authentication is turned off for this navigator instance/,
    );
    const fresh = await agent('bob');
    expect(await fresh.names()).not.toContain('get_authentication_link');
    await expect(fresh.call('get_authentication_link')).rejects.toThrow(/not available/);
    await s.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: true });
    expect(await alice.names()).toContain('get_authentication_link');
    expect((await alice.status()).status).toBe('authentication_needed');
  });

  it('[B2][B3] two users interleaved on one instance get their own status, link, server list, answers and credentials', async () => {
    const s = await start();
    const [alice, bob] = await Promise.all([agent('alice'), agent('bob')]);
    await s.connect('alice', ['slack']);
    const [a, b] = await Promise.all([alice.status(), bob.status()]);
    expect(a.status).toBe('authentication_needed');
    expect(a.unauthenticated_servers).toEqual(['linear']);
    expect(b.unauthenticated_servers).toEqual(['slack', 'linear']);
    for (const x of [a, b]) expect(x.auth_link).toMatch(new RegExp(`^${s.navigator.url}/auth\\?auth_link_id=[\\w-]+$`));
    expect(b.message).toContain('Slack and Linear');

    const [aliceDm, bobDm, aliceAgain] = await Promise.all([
      alice.call('call_server_tool', { server: 'slack', tool: 'read_direct_messages', arguments: {} }),
      bob.call('call_server_tool', { server: 'slack', tool: 'read_direct_messages', arguments: {} }),
      alice.call('call_server_tool', { server: 'slack', tool: 'read_direct_messages', arguments: {} }),
    ]);
    expect((aliceDm.structured as { account?: string }).account).toBe('alice');
    expect(aliceAgain.text).toBe(aliceDm.text);
    expect(bobDm.isError).toBe(true);
    expect(bobDm.text).toMatch(/not connected Slack.*get_authentication_link/);

    await s.connect('bob', ['slack', 'linear']);
    const [a2, b2] = await Promise.all([alice.status(), bob.status()]);
    expect(a2.unauthenticated_servers).toEqual(['linear']);
    expect(b2.status).toBe('fully_authenticated');
    const bobDm2 = await bob.call('call_server_tool', { server: 'slack', tool: 'read_direct_messages', arguments: {} });
    expect((bobDm2.structured as { account?: string }).account).toBe('bob');
  });

  it('[B4][B10] partial completion is reported as such, then fully_authenticated when nothing is left', async () => {
    const s = await start();
    const carol = await agent('carol');
    expect((await carol.status()).unauthenticated_servers).toEqual(['slack', 'linear']);
    await s.connect('carol', ['linear']);
    const partial = await carol.status();
    expect(partial.status).toBe('authentication_needed');
    expect(partial.unauthenticated_servers).toEqual(['slack']);
    expect(partial.message).toMatch(/Connected: Linear\./);
    await s.connect('carol', ['slack']);
    const done = await carol.status();
    expect(done.status).toBe('fully_authenticated');
    expect(done.unauthenticated_servers).toEqual([]);
    expect(done.auth_link).toBeUndefined();
  });

  it('[B5] with no user-level server nothing asks for a sign-in: the status is no_auth_required and every tool works for every user', async () => {
    // B6/B7 keep the feature off in such a project, so the tool is absent and the status is read where the settings page reads it.
    const s = await start({ authLevels: { slack: 'project', linear: 'project' } });
    await s.connectShared('slack');
    await s.connectShared('linear');
    for (const user of ['alice', 'bob']) {
      const a = await agent(user);
      expect(await a.names()).not.toContain('get_authentication_link');
      expect(await a.description('call_server_tool')).toContain(
        'Available MCP Servers: Slack (slack), Linear (linear).',
      );
      expect((await a.call('slack__list_channels')).isError).toBe(false);
      expect((await a.call('linear__list_teams')).isError).toBe(false);
      const st = AuthLinkResult.parse((await s.api('GET', `/api/projects/demo/users/${user}/status`)).body);
      expect(st.status).toBe('no_auth_required');
      expect(st.unauthenticated_servers).toEqual([]);
    }
  });

  it('[B6] the feature cannot be switched on without a user-level server; sessions keep working without the tool', async () => {
    const s = await start({ inChatAuth: false, authLevels: { slack: 'project', linear: 'none' } });
    const a = await agent('alice');
    const r = await s.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: true });
    expect(r.status).toBe(409);
    expect(errorMessage(r)).toMatch(/needs at least one user-level server/);
    expect(await a.names()).not.toContain('get_authentication_link');
    await expect(a.call('get_authentication_link')).rejects.toThrow(/not available/);
  });

  it('[B7] removing the last user-level server switches the feature off on every instance, live in open sessions', async () => {
    const s = await start({ authLevels: { slack: 'user', linear: 'project' } });
    await s.connectShared('linear');
    const second = await s.settings.addInstance({ id: 'second', name: 'Second' });
    await s.api('PUT', '/api/instances/second/in-chat-auth', { enabled: true });
    const onDemo = await agent('alice');
    const onSecond = await agent('bob', { id: 'second', key: second.api_key });
    for (const a of [onDemo, onSecond]) expect(await a.names()).toContain('get_authentication_link');

    const removed = await s.api('DELETE', '/api/projects/demo/servers/slack');
    expect(removed.body).toMatchObject({ removed: true, disabled_instances: ['demo', 'second'] });
    for (const a of [onDemo, onSecond]) {
      expect(await a.names()).not.toContain('get_authentication_link');
      await expect(a.call('get_authentication_link')).rejects.toThrow(/turned off/);
      expect((await a.call('linear__list_teams')).isError).toBe(false);
    }
  });

  it('[B8] the tool hands out one link that never changes and follows servers as they are added and removed', async () => {
    const s = await start();
    const a = await agent('alice');
    const first = await a.status();
    await s.api('POST', '/api/projects/demo/servers', {
      name: 'linear-two',
      display_name: 'Linear Two',
      mcp_url: `${s.linear.url}/mcp`,
      auth_level: 'user',
    });
    const grown = await a.status();
    expect(grown.auth_link).toBe(first.auth_link);
    expect(grown.unauthenticated_servers).toEqual(['slack', 'linear', 'linear-two']);
    await s.api('DELETE', '/api/projects/demo/servers/slack');
    const shrunk = await a.status();
    expect(shrunk.auth_link).toBe(first.auth_link);
    expect(shrunk.unauthenticated_servers).toEqual(['linear', 'linear-two']);
    const page = await s.browser().signIn(shrunk.auth_link ?? '', 'alice');
    expect(page.text).toContain('Linear Two');
    expect(page.text).not.toContain('Slack');
  });

  it('[B9] the link from the tool leads through sign-in and each server\'s own OAuth page to "all done"', async () => {
    const s = await start();
    const a = await agent('bob');
    const before = await a.status();
    const b = s.browser();
    const list = await b.signIn(before.auth_link ?? '', 'bob');
    expect(list.text).toContain('2 of 2 still to connect');
    let page = list;
    for (const server of before.unauthenticated_servers) {
      const authorize = await b.startConnect(server);
      expect(new URL(authorize).origin).toBe(server === 'slack' ? s.slack.url : s.linear.url);
      page = await b.connect(server, 'bob');
    }
    expect(page.text).toContain('All done, return to your conversation');
    expect((await a.status()).status).toBe('fully_authenticated');
  });

  it('[B11] tool descriptions name only the servers usable by this user at session start', async () => {
    const s = await start();
    await s.connect('alice', ['linear']);
    const a = await agent('alice');
    const names = await a.names();
    expect(await a.description('call_server_tool')).toContain('Available MCP Servers: Linear (linear).');
    expect(await a.description('list_server_tools')).not.toContain('Slack');
    expect(names.some((n) => n.startsWith('linear__'))).toBe(true);
    expect(names.some((n) => n.startsWith('slack__'))).toBe(false);
    expect(await a.description('linear__create_issue')).toMatch(/^\[Linear\] /);
    const b = await agent('bob');
    expect(await b.description('call_server_tool')).toContain('Available MCP Servers: none yet.');
  });

  it('[B12][B13] a server connected mid-session works at once in that session, whose descriptions keep their start-of-session list', async () => {
    const s = await start();
    const a = await agent('alice');
    const names = await a.names();
    const desc = await a.description('call_server_tool');
    expect(desc).toContain('none yet');
    const refused = await a.call('call_server_tool', { server: 'slack', tool: 'list_channels', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/get_authentication_link/);

    await s.connect('alice', ['slack']);
    const generic = await a.call('call_server_tool', { server: 'slack', tool: 'list_channels', arguments: {} });
    expect(generic.isError).toBe(false);
    expect(generic.text).toContain('#general');
    expect((await a.call('list_server_tools', { server: 'slack' })).text).toContain('read_channel');
    expect((await a.call('slack__list_channels')).text).toContain('#general');
    expect(await a.names()).toEqual(names);
    expect(await a.description('call_server_tool')).toBe(desc);

    const fresh = await agent('alice');
    expect(await fresh.description('call_server_tool')).toContain('Available MCP Servers: Slack (slack).');
    expect(await fresh.names()).toContain('slack__read_channel');
  });

  it('[B15] a project-level server uses the shared credential for every user and never appears in the link or the unauthenticated list', async () => {
    const s = await start({ authLevels: { slack: 'user', linear: 'project' } });
    await s.connectShared('linear');
    for (const user of ['alice', 'bob']) {
      const a = await agent(user);
      const st = await a.status();
      expect(st.unauthenticated_servers).toEqual(['slack']);
      expect(st.servers.find((x) => x.name === 'linear')?.state).toBe('project');
      expect(st.message).not.toContain('Linear');
      const teams = await a.call('linear__list_teams');
      expect(teams.isError).toBe(false);
      expect(await a.description('call_server_tool')).toContain('Linear (linear)');
    }
    expect((await s.settings.authLink())?.servers).toEqual(['slack']);
  });

  it('[B16] a revoked credential turns the server back to not authenticated; the tool error and the status say what to do', async () => {
    const s = await start();
    await s.connect('alice', ['slack', 'linear']);
    const a = await agent('alice');
    expect((await a.status()).status).toBe('fully_authenticated');
    await revoke(s.slack.url, 'alice');
    const failed = await a.call('slack__read_direct_messages');
    expect(failed.isError).toBe(true);
    expect(failed.text).toMatch(/Slack connection expired or was revoked.*get_authentication_link/);
    const st = await a.status();
    expect(st.status).toBe('authentication_needed');
    expect(st.unauthenticated_servers).toEqual(['slack']);
    expect(st.servers.find((x) => x.name === 'slack')?.state).toBe('expired');
    expect(st.message).toMatch(/Slack connection expired/);

    await revoke(s.linear.url, 'alice');
    expect((await a.status()).unauthenticated_servers).toEqual(['slack', 'linear']);
    await s.connect('alice', ['slack', 'linear']);
    expect((await a.call('slack__read_direct_messages')).isError).toBe(false);
    expect((await a.status()).status).toBe('fully_authenticated');
  });
});
