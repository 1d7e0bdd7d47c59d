/**
 * Issue 11, "removing a server or a user's credential leaves the grant active at the provider",
 * over HTTP against the real navigator and mock Slack: removing a server, deleting a user's
 * credential and changing a server's auth level revoke the affected grants at the provider (RFC
 * 7009); the settings API says beforehand how many users' connections a removal revokes; a provider
 * that cannot be reached is logged and reported, and nothing is left claiming to be connected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startLinearServer } from '../../../mock-servers/linear/index.js';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { AuthLinkResult } from '../../../server/shared/contracts.js';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** What mock Slack still honours for `account`: live access tokens and refresh tokens. */
const liveAtSlack = (s: Stack, account: string) => {
  const row = s.slack.oauth.summary()[account];
  return { access: row?.activeAccessTokens ?? 0, refresh: row?.refreshTokens ?? 0 };
};
const servers = async (s: Stack) => (await s.settings.project()).servers;
const status = async (s: Stack, user: string) =>
  AuthLinkResult.parse((await s.api('GET', `/api/projects/demo/users/${user}/status`)).body);

describe('revocation at the provider', () => {
  it('removing a server says first how many users it disconnects, then revokes every grant at the provider', async () => {
    stack = await startStack();
    await stack.connect('alice', ['slack', 'linear']);
    await stack.connect('bob', ['slack']);
    expect((await servers(stack)).map((s) => [s.name, s.connected_users])).toEqual([
      ['slack', 2],
      ['linear', 1],
    ]);
    expect(liveAtSlack(stack, 'alice')).toEqual({ access: 1, refresh: 1 });
    const r = await stack.api('DELETE', '/api/projects/demo/servers/slack');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      removed: true,
      revocation: { attempted: 2, revoked: 2, failed: 0, unsupported: 0 },
    });
    expect(liveAtSlack(stack, 'alice')).toEqual({ access: 0, refresh: 0 });
    expect(liveAtSlack(stack, 'bob')).toEqual({ access: 0, refresh: 0 });
    expect((await servers(stack)).map((s) => s.name)).toEqual(['linear']);
  });

  it("deleting a user's credential revokes that user's grant only", async () => {
    stack = await startStack();
    await stack.connect('alice', ['slack']);
    await stack.connect('bob', ['slack']);
    const r = await stack.api('DELETE', '/api/projects/demo/users/alice/credentials/slack');
    expect(r.body).toEqual({ removed: true, revocation: { attempted: 1, revoked: 1, failed: 0, unsupported: 0 } });
    expect(liveAtSlack(stack, 'alice')).toEqual({ access: 0, refresh: 0 });
    expect(liveAtSlack(stack, 'bob')).toEqual({ access: 1, refresh: 1 });
    expect((await status(stack, 'alice')).unauthenticated_servers).toEqual(['slack', 'linear']);
    expect((await servers(stack)).find((s) => s.name === 'slack')?.connected_users).toBe(1);
  });

  it("changing a server's auth level revokes the grants the new level no longer uses", async () => {
    stack = await startStack();
    await stack.connect('alice', ['slack']);
    const toProject = await stack.api('PATCH', '/api/projects/demo/servers/slack', { auth_level: 'project' });
    expect(toProject.body).toMatchObject({
      auth_level: 'project',
      connected_users: 0,
      revocation: { attempted: 1, revoked: 1 },
    });
    expect(liveAtSlack(stack, 'alice')).toEqual({ access: 0, refresh: 0 });
    await stack.connectShared('slack');
    expect(liveAtSlack(stack, 'workspace')).toEqual({ access: 1, refresh: 1 });
    const toUser = await stack.api('PATCH', '/api/projects/demo/servers/slack', { auth_level: 'user' });
    expect(toUser.body).toMatchObject({
      auth_level: 'user',
      has_shared_credential: false,
      revocation: { attempted: 1, revoked: 1 },
    });
    expect(liveAtSlack(stack, 'workspace')).toEqual({ access: 0, refresh: 0 });
    // A display-name change revokes nothing.
    await stack.connect('alice', ['slack']);
    const rename = await stack.api('PATCH', '/api/projects/demo/servers/slack', { display_name: 'Slack HQ' });
    expect(rename.body).not.toHaveProperty('revocation');
    expect(liveAtSlack(stack, 'alice')).toEqual({ access: 1, refresh: 1 });
  });

  it('a provider that cannot be reached is logged and reported, and the user is no longer connected', async () => {
    const slack = await startSlackServer({ admin: true });
    const linear = await startLinearServer({ admin: true });
    const logs: string[] = [];
    let slackOpen = true;
    try {
      stack = await startStack({ mocks: { slack, linear }, navigator: { log: (l) => logs.push(l) } });
      await stack.connect('alice', ['slack']);
      await slack.close();
      slackOpen = false;
      const r = await stack.api('DELETE', '/api/projects/demo/users/alice/credentials/slack');
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ removed: true, revocation: { attempted: 1, revoked: 0, failed: 1, unsupported: 0 } });
      expect(logs.some((l) => /revocation at slack failed/.test(l))).toBe(true);
      expect((await status(stack, 'alice')).unauthenticated_servers).toContain('slack');
      expect((await servers(stack)).find((s) => s.name === 'slack')?.connected_users).toBe(0);
    } finally {
      await stack?.close();
      stack = undefined;
      await Promise.all([slackOpen ? slack.close() : undefined, linear.close()]);
    }
  });
});
