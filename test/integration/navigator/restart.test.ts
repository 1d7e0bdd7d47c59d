/** Restarting the navigator on the same database file and key keeps settings, links and credentials. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthLinkResult } from '../../../server/shared/contracts.js';
import { startStack, type Stack } from '../../../kit/stack.js';

const stacks: Stack[] = [];
let dir = '';
afterEach(async () => {
  for (const s of stacks.splice(0).reverse()) await s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('navigator restart', () => {
  it('keeps settings, the default link and credentials across a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'navigator-restart-'));
    const dbPath = join(dir, 'navigator.db');
    const first = await startStack({ dbPath });
    stacks.push(first);
    await first.connect('alice', ['slack']);
    const secondKey = (await first.settings.addInstance({ id: 'second', name: 'Second' })).api_key;
    await first.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: false });
    await first.api('PUT', '/api/instances/second/in-chat-auth', { enabled: true });
    await first.api('PATCH', '/api/projects/demo/servers/linear', { display_name: 'Linear (renamed)' });
    const link = await first.settings.authLink();
    if (!link) throw new Error('no default auth link before the restart');
    await first.stopNavigator();

    const second = await startStack({
      dbPath,
      encryptionKey: first.encryptionKey,
      adminKey: first.adminKey,
      apiKey: first.apiKey,
      mocks: { slack: first.slack, linear: first.linear },
    });
    stacks.push(second);
    const project = await second.settings.project();
    expect(project.instances.map((i) => [i.id, i.in_chat_auth])).toEqual([
      ['demo', false],
      ['second', true],
    ]);
    expect(project.servers.map((s) => s.display_name)).toEqual(['Slack', 'Linear (renamed)']);
    expect(project.default_auth_link?.id).toBe(link.id);
    expect(second.navigator.seededApiKeys).toEqual({});

    // The instance key created before the restart still opens sessions; the link is still active through 'second'.
    const onSecond = new Client({ name: 'restart', version: '1' });
    await onSecond.connect(
      new StreamableHTTPClientTransport(new URL(`${second.navigator.url}/mcp/second`), {
        requestInit: { headers: { authorization: `Bearer ${secondKey}`, 'x-navigator-user': 'alice' } },
      }),
    );
    const viaSecond = AuthLinkResult.parse(
      (await onSecond.callTool({ name: 'get_authentication_link', arguments: {} })).structuredContent,
    );
    expect(viaSecond.auth_link).toBe(`${second.navigator.url}/auth?auth_link_id=${link.id}`);
    await onSecond.close();
    await second.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: true });

    const c = await second.mcpClient('alice');
    const s = AuthLinkResult.parse(
      (await c.callTool({ name: 'get_authentication_link', arguments: {} })).structuredContent,
    );
    expect(s.unauthenticated_servers).toEqual(['linear']);
    expect((await c.callTool({ name: 'slack__list_channels', arguments: {} })).isError).toBeFalsy();
    await second.connect('alice', ['linear']);
    expect(
      AuthLinkResult.parse((await c.callTool({ name: 'get_authentication_link', arguments: {} })).structuredContent)
        .status,
    ).toBe('fully_authenticated');
  });

  it('cannot read credentials with another encryption key', async () => {
    dir = mkdtempSync(join(tmpdir(), 'navigator-rekey-'));
    const dbPath = join(dir, 'navigator.db');
    const first = await startStack({ dbPath });
    stacks.push(first);
    await first.connect('alice', ['slack']);
    const slackId = first.navigator.testing.server('demo', 'slack')?.id ?? 0;
    await first.navigator.close();
    // The same database file under a navigator started with another key: the stored token cannot be read.
    const other = await startStack({
      dbPath,
      encryptionKey: '00'.repeat(32),
      mocks: { slack: first.slack, linear: first.linear },
    });
    stacks.push(other);
    expect(() => other.navigator.testing.credential('alice', slackId)).toThrow(/unable to authenticate data/);
  });
});
