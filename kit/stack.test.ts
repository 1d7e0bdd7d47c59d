/** The kit's stack: every part it starts answers, and close() frees every port it bound. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SettingsApiError, SettingsClient } from './settings-client.js';
import { startStack, type Stack } from './stack.js';

/** Whether something accepts connections at `url` (a refused or reset connection is false). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    return true;
  } catch {
    return false;
  }
}

function urlsOf(stack: Stack): string[] {
  return [...[...stack.mocks.values()].map((m) => m.url), stack.navigatorUrl, stack.appUrl];
}

describe('kit startStack', () => {
  it('starts mocks, navigator and agent, and close() frees all their ports', async () => {
    const stack = await startStack({ parts: 'agent', connections: [{ user: 'alice', servers: ['slack'] }] });
    const urls = urlsOf(stack);
    expect(urls).toHaveLength(4);
    for (const url of urls) expect(await answers(url)).toBe(true);
    expect((await stack.settings.userStatus('alice')).unauthenticated_servers).toEqual(['linear']);
    expect(await stack.heldTokens(['alice'])).toHaveLength(2);
    await stack.close();
    for (const url of urls) expect(await answers(url)).toBe(false);
  });

  it('runs mocks and navigator in a child process, and close() frees their ports too', async () => {
    const stack = await startStack({ isolation: 'child-process', db: 'temp-dir', inChatAuth: false });
    const urls = [...[...stack.mocks.values()].map((m) => m.url), stack.navigatorUrl];
    expect(urls).toHaveLength(3);
    expect((await stack.settings.project()).instances[0]?.in_chat_auth).toBe(false);
    expect(() => stack.navigator).toThrow(/child process/);
    await stack.restartNavigator();
    expect(await answers(stack.navigatorUrl)).toBe(true);
    await stack.close();
    for (const url of urls) expect(await answers(url)).toBe(false);
  });

  it('seeds the mocks, users and names it is given and injects faults at start', async () => {
    const stack = await startStack({
      mocks: [
        { name: 'team-a', kind: 'linear', authLevel: 'project' },
        { name: 'open', kind: 'slack', auth: 'none' },
      ],
      project: { name: 'Kit project' },
      users: ['zed'],
      faults: { open: { down: true } },
      connections: [{ shared: 'team-a' }],
    });
    try {
      const project = await stack.settings.project();
      expect(project.name).toBe('Kit project');
      expect(project.servers.map((s) => [s.name, s.auth_level, s.has_shared_credential])).toEqual([
        ['team-a', 'project', true],
        ['open', 'none', false],
      ]);
      expect(stack.navigator.testing.user('zed')).toBeDefined();
      expect(stack.navigator.testing.user('alice')).toBeUndefined();
      expect((await fetch(`${stack.mockUrl('open')}/mcp`, { method: 'POST' })).status).toBe(503);
    } finally {
      await stack.close();
    }
  });
});

describe('kit SettingsClient', () => {
  it('throws the navigator error for a refusal and fails on an answer its contract does not allow', async () => {
    const stack = await startStack({ parts: 'navigator' });
    try {
      const err = await stack.settings
        .forProject('nope')
        .project()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SettingsApiError);
      expect((err as SettingsApiError).status).toBe(404);
      const wrong = await stack.settings.request('GET', '/api/projects/demo', undefined);
      expect(wrong.status).toBe(200);
    } finally {
      await stack.close();
    }
    // A server whose project answer lost a required field: the typed call refuses it.
    const drifted = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: 'demo', name: 'x', servers: [], instances: [] }));
    });
    await new Promise<void>((resolve) => drifted.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = drifted.address() as AddressInfo;
      const client = new SettingsClient({ baseUrl: `http://127.0.0.1:${port}`, adminKey: 'admin-key-x' });
      await expect(client.project()).rejects.toThrow(/contract does not allow.*in_chat_auth_available/s);
    } finally {
      await new Promise((resolve) => drifted.close(resolve));
    }
  });
});
