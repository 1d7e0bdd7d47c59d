/**
 * Attack 1 of the trust-boundaries issue, over real HTTP against the real agent server and
 * navigator: a plain chat user tried to use the app's settings pass-through as an admin (create an
 * instance and get its key, read or delete another user's credentials). Only an admin session
 * reaches it now; a user gets 403 JSON with the reason, and reaches only their own connections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Stack } from '../../../kit/stack.js';
import { authenticateViaLink, startAgentStack } from '../agent/support.js';
import { signIn } from '../../../kit/chat-client.js';

let stack: Stack;
let admin: string;
let bob: string;

const app = (path: string, cookie: string, init: RequestInit = {}) =>
  fetch(`${stack.agent.url}${path}`, { ...init, headers: { cookie, 'content-type': 'application/json' } });
const stateOf = async (user: string, server: string) => {
  const status = await stack.settings.userStatus(user);
  return status.servers.find((s) => s.name === server)?.state;
};
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

beforeAll(async () => {
  stack = await startAgentStack();
  const link = (await stack.settings.authLink())?.url ?? '';
  await authenticateViaLink(link, 'alice', ['slack', 'linear']);
  await authenticateViaLink(link, 'bob', ['slack']);
  admin = await signIn(stack.agent.url, 'admin');
  bob = await signIn(stack.agent.url, 'bob');
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('roles: the settings API through the app is for admins only', () => {
  it('a user gets 403 JSON with the reason for every settings call, and nothing changes (attack 1)', async () => {
    const attempts: Array<[string, string, unknown?]> = [
      ['POST', '/api/navigator/projects/demo/instances', { id: 'stolen', name: 'Stolen' }],
      ['DELETE', '/api/navigator/projects/demo/users/alice/credentials/slack'],
      ['GET', '/api/navigator/projects/demo/users/alice/status'],
      ['GET', '/api/navigator/projects/demo'],
      ['PUT', '/api/navigator/instances/demo/in-chat-auth', { enabled: false }],
      ['GET', '/api/auth-preview'],
    ];
    for (const [method, path, body] of attempts) {
      const res = await app(path, bob, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      expect(res.status, `${method} ${path}`).toBe(403);
      const err = ErrorBody.parse(await res.json());
      expect(err.error.code).toBe('forbidden');
      expect(err.error.message).toMatch(/admin/);
      expect(err.error.message).toContain('bob');
    }
    // Signed out: 401, not 403.
    expect((await fetch(`${stack.agent.url}/api/navigator/projects/demo`)).status).toBe(401);
    // Nothing happened: no instance, alice still connected, the feature still on.
    const project = await stack.settings.project();
    expect(project.instances.map((i) => i.id)).toEqual(['demo']);
    expect(project.instances[0]?.in_chat_auth).toBe(true);
    expect(await stateOf('alice', 'slack')).toBe('connected');
  });

  it('an admin creates an instance and sees its key once, in the creation answer only', async () => {
    const created = await app('/api/navigator/projects/demo/instances', admin, {
      method: 'POST',
      body: JSON.stringify({ id: 'second', name: 'Second agent' }),
    });
    expect(created.status).toBe(201);
    const { api_key: key } = z.object({ api_key: z.string().min(16) }).parse(await created.json());
    const again = await (await app('/api/navigator/projects/demo', admin)).text();
    expect(again).toContain('"second"');
    expect(again).not.toContain(key);
    // The key works on the navigator's MCP endpoint (it is a real key), which is why only an admin may see it.
    const mcp = await fetch(`${stack.navigatorUrl}/mcp/second`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'x-navigator-user': 'alice',
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
      }),
    });
    expect(mcp.status).toBe(200);
    await mcp.body?.cancel();
  });

  it('the session says the role; the admin preview is the signed-out first page, inert', async () => {
    expect(await (await app('/api/session', admin)).json()).toMatchObject({ user: 'admin', role: 'admin' });
    expect(await (await app('/api/session', bob)).json()).toMatchObject({ user: 'bob', role: 'user' });
    const preview = await app('/api/auth-preview', admin);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('Sign in to connect your accounts');
    expect(html).toContain('Preview: what a signed-out new user sees');
    const csp = preview.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('sandbox');
    expect(csp).toContain("form-action 'none'");
    expect(csp).not.toMatch(/script-src/);
  });
});

describe("roles: a user's own connections", () => {
  it("lists only the session user's servers, whatever the request names", async () => {
    const res = await app('/api/connections?user=alice', bob);
    expect(res.status).toBe(200);
    const body = z
      .object({
        user: z.string(),
        servers: z.array(z.object({ name: z.string(), state: z.string() })),
        connect_url: z.string(),
      })
      .parse(await res.json());
    expect(body.user).toBe('bob');
    expect(Object.fromEntries(body.servers.map((s) => [s.name, s.state]))).toEqual({
      slack: 'connected',
      linear: 'needs_connecting',
    });
    expect(new URL(body.connect_url).origin).toBe(new URL(stack.navigatorUrl).origin);
    expect((await fetch(`${stack.agent.url}/api/connections`)).status).toBe(401);
  });

  it("disconnects the user's own connection only; path tricks are refused", async () => {
    for (const path of [
      '/api/connections/..%2Fusers%2Falice%2Fcredentials%2Fslack',
      '/api/connections/Slack!',
      '/api/connections/%2e%2e',
    ]) {
      const res = await app(path, bob, { method: 'DELETE' });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    expect(await stateOf('bob', 'slack')).toBe('connected');
    const res = await app('/api/connections/slack', bob, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await stateOf('bob', 'slack')).toBe('needs_connecting');
    expect(await stateOf('alice', 'slack')).toBe('connected');
  });
});
