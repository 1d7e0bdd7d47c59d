/** The settings API against a real navigator and real mocks: B5-B8, B15, shapes and errors. */
import { afterEach, describe, expect, it } from 'vitest';
import { AuthLinkResult, CreatedInstance } from '../../../server/shared/contracts.js';
import { errorMessage } from '../../../kit/settings-client.js';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('settings API', () => {
  it('requires the admin key and answers unknown things with JSON 404s', async () => {
    stack = await startStack();
    const res = await fetch(`${stack.navigator.url}/api/projects/demo`, { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await stack.api('GET', '/api/projects/nope')).status).toBe(404);
    expect((await stack.api('DELETE', '/api/projects/demo/servers/nope')).status).toBe(404);
  });

  it('describes the project with servers, instances and the default link', async () => {
    stack = await startStack();
    const p = await stack.settings.project();
    expect(p.servers.map((s) => [s.name, s.display_name, s.auth_level, s.has_shared_credential])).toEqual([
      ['slack', 'Slack', 'user', false],
      ['linear', 'Linear', 'user', false],
    ]);
    expect(p.instances).toEqual([
      { id: 'demo', name: 'Demo assistant', in_chat_auth: true, elicitation: true, live_tool_list: false },
    ]);
    expect(p.default_auth_link?.url).toBe(`${stack.navigator.url}/auth?auth_link_id=${p.default_auth_link?.id}`);
    expect(p.in_chat_auth_available).toBe(true);
  });

  it('validates bodies and refuses oversized ones with 413 JSON', async () => {
    stack = await startStack();
    const bad = await stack.api('POST', '/api/projects/demo/servers', {
      name: 'Bad Name',
      display_name: '',
      mcp_url: 'ftp://x',
      auth_level: 'root',
    });
    expect(bad.status).toBe(400);
    expect(errorMessage(bad)).toMatch(/name/);
    expect((await stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: 'yes' })).status).toBe(400);
    const big = await stack.api('POST', '/api/projects/demo/instances', { id: 'x', name: 'y'.repeat(1_100_000) });
    expect(big.status).toBe(413);
  });

  it('adds a server by discovering and registering OAuth, and says clearly when discovery fails', async () => {
    stack = await startStack();
    const added = await stack.api('POST', '/api/projects/demo/servers', {
      name: 'slack-two',
      display_name: 'Slack Two',
      mcp_url: `${stack.slack.url}/mcp`,
      auth_level: 'user',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: 'slack-two', auth_level: 'user', has_shared_credential: false });
    const failed = await stack.api('POST', '/api/projects/demo/servers', {
      name: 'ghost',
      display_name: 'Ghost',
      mcp_url: 'http://127.0.0.1:9/mcp',
      auth_level: 'user',
    });
    expect(failed.status).toBe(422);
    expect(errorMessage(failed)).toMatch(/Could not set up OAuth/);
    expect(
      (
        await stack.api('POST', '/api/projects/demo/servers', {
          name: 'slack',
          display_name: 'S',
          mcp_url: `${stack.slack.url}/mcp`,
          auth_level: 'user',
        })
      ).status,
    ).toBe(409);
  });

  it('creates instances with a key shown once', async () => {
    stack = await startStack();
    const r = await stack.api('POST', '/api/projects/demo/instances', { id: 'support-bot', name: 'Support bot' });
    expect(r.status).toBe(201);
    const body = CreatedInstance.parse(r.body);
    expect(body).toMatchObject({ id: 'support-bot', in_chat_auth: false });
    expect(body.api_key).toMatch(/^nav_/);
    expect((await stack.api('GET', '/api/projects/demo')).text).not.toContain(body.api_key);
    expect((await stack.api('POST', '/api/projects/demo/instances', { id: 'support-bot', name: 'again' })).status).toBe(
      409,
    );
  });

  it('[B6] refuses to switch In-Chat Authentication on without a user-level server, with the reason', async () => {
    stack = await startStack({ inChatAuth: false, authLevels: { slack: 'project', linear: 'none' } });
    const p = await stack.settings.project();
    expect(p.in_chat_auth_available).toBe(false);
    expect(p.in_chat_auth_unavailable_reason).toMatch(/user-level server/);
    const r = await stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: true });
    expect(r.status).toBe(409);
    expect(errorMessage(r)).toMatch(/at least one user-level server/);
    expect((await stack.settings.project()).instances[0]?.in_chat_auth).toBe(false);
    expect((await stack.api('GET', '/api/projects/demo/auth-link')).status).toBe(404);
  });

  it('[B7] removing the last user-level server switches In-Chat Authentication off on every instance', async () => {
    stack = await startStack();
    const second = await stack.settings.addInstance({ id: 'second', name: 'Second' });
    expect((await stack.api('PUT', '/api/instances/second/in-chat-auth', { enabled: true })).status).toBe(200);
    const first = await stack.api('DELETE', '/api/projects/demo/servers/slack');
    expect(first.body).toMatchObject({ removed: true, disabled_instances: [] });
    const last = await stack.api('DELETE', '/api/projects/demo/servers/linear');
    expect(last.body).toMatchObject({ removed: true, disabled_instances: ['demo', 'second'] });
    expect((await stack.settings.project()).instances.every((i) => !i.in_chat_auth)).toBe(true);
    expect(second.api_key).toBeTruthy();
  });

  it('[B7] changing the last user-level server to project-level also switches it off', async () => {
    stack = await startStack({ authLevels: { slack: 'user', linear: 'project' } });
    const r = await stack.api('PATCH', '/api/projects/demo/servers/slack', { auth_level: 'project' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ auth_level: 'project', disabled_instances: ['demo'] });
  });

  it('[B8] enabling creates one never-expiring default link that follows servers as they are added and removed', async () => {
    stack = await startStack({ inChatAuth: false });
    expect((await stack.settings.project()).default_auth_link).toBeNull();
    await stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: true });
    const link = await stack.settings.authLink();
    expect(link?.servers).toEqual(['slack', 'linear']);

    await stack.api('POST', '/api/projects/demo/servers', {
      name: 'linear-two',
      display_name: 'Linear Two',
      mcp_url: `${stack.linear.url}/mcp`,
      auth_level: 'user',
    });
    await stack.api('DELETE', '/api/projects/demo/servers/slack');
    await stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: false });
    await stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: true });
    const after = await stack.settings.authLink();
    expect(after?.id).toBe(link?.id);
    expect(after?.servers).toEqual(['linear', 'linear-two']);

    const c = await stack.mcpClient('alice');
    const s = AuthLinkResult.parse(
      (await c.callTool({ name: 'get_authentication_link', arguments: {} })).structuredContent,
    );
    expect(s.auth_link).toBe(link?.url);
    expect(s.unauthenticated_servers).toEqual(['linear', 'linear-two']);
    const page = await stack.browser().open(link?.url ?? '');
    expect(page.status).toBe(200);
  });

  it('[B5] no_auth_required when the project has no user-level servers', async () => {
    stack = await startStack({ authLevels: { slack: 'project', linear: 'none' } });
    const r = await stack.api('GET', '/api/projects/demo/users/alice/status');
    const s = AuthLinkResult.parse(r.body);
    expect(s.status).toBe('no_auth_required');
    expect(s.unauthenticated_servers).toEqual([]);
    expect(s.servers.map((x) => x.state)).toEqual(['project', 'no_auth']);
    expect((await stack.api('GET', '/api/projects/demo/users/nobody/status')).status).toBe(404);
  });

  it('[B15] project-level servers use the shared credential for every user and never appear in the link', async () => {
    stack = await startStack({ authLevels: { slack: 'user', linear: 'project' } });
    await stack.connectShared('linear');
    expect((await stack.settings.project()).servers.find((s) => s.name === 'linear')?.has_shared_credential).toBe(true);
    expect((await stack.settings.authLink())?.servers).toEqual(['slack']);
    for (const user of ['alice', 'bob']) {
      const c = await stack.mcpClient(user);
      const s = AuthLinkResult.parse(
        (await c.callTool({ name: 'get_authentication_link', arguments: {} })).structuredContent,
      );
      expect(s.unauthenticated_servers).toEqual(['slack']);
      const r = await c.callTool({ name: 'linear__list_teams', arguments: {} });
      expect(r.isError).toBeFalsy();
    }
    const b = stack.browser();
    const page = await b.signIn(`${stack.navigator.url}/auth?project_id=demo`, 'alice');
    expect(page.text).toContain('Slack');
    expect(page.text).not.toContain('Linear');
    expect((await b.request('/auth/connect/linear', { form: b.formContext() })).status).toBe(404);
  });

  it('deletes a user credential, turning the server back to not connected', async () => {
    stack = await startStack();
    await stack.connect('alice', ['slack']);
    const del = await stack.api('DELETE', '/api/projects/demo/users/alice/credentials/slack');
    expect(del.body).toEqual({ removed: true, revocation: { attempted: 1, revoked: 1, failed: 0, unsupported: 0 } });
    const s = AuthLinkResult.parse((await stack.api('GET', '/api/projects/demo/users/alice/status')).body);
    expect(s.unauthenticated_servers).toEqual(['slack', 'linear']);
  });
});
