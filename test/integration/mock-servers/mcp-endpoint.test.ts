/**
 * The mocks' MCP endpoint over real HTTP: bearer auth and WWW-Authenticate discovery, per-account data
 * and session binding, JSON-RPC errors for bad input, admin token knobs, faults and reset.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { startLinearServer } from '../../../mock-servers/linear/index.js';
import { manualClock } from '../../../server/shared/clock.js';
import { INIT_BODY, admin, connect, rawMcp, signIn, textOf, tokenRequest, type Tokens } from './helpers.js';

let slack: Awaited<ReturnType<typeof startSlackServer>>;
let base: string;
let alice: Tokens;
let bob: Tokens;

beforeAll(async () => {
  slack = await startSlackServer({ admin: true });
  base = slack.url;
  [alice, bob] = await Promise.all([signIn(base, 'alice'), signIn(base, 'bob')]);
});
afterAll(() => slack.close());
afterEach(async () => {
  await admin(base, 'DELETE', '/admin/faults');
});

describe('MCP auth', () => {
  it('answers 401 with WWW-Authenticate resource_metadata and scope without a valid token', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-token' }, { authorization: 'Basic abc' }] as Record<
      string,
      string
    >[]) {
      const res = await rawMcp(base, INIT_BODY, headers);
      expect(res.status).toBe(401);
      const challenge = res.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer /);
      expect(challenge).toContain(`resource_metadata="${base}/.well-known/oauth-protected-resource"`);
      expect(challenge).toContain('scope="channels:read search:read im:read chat:write"');
      const error = ((await res.json()) as { error: string }).error;
      // RFC 6750 §3.1: a request without credentials gets no error code; a bad token gets invalid_token.
      if (headers.authorization === undefined) {
        expect(challenge).not.toContain('error=');
        expect(error).toBe('unauthorized');
      } else {
        expect(challenge).toContain('error="invalid_token"');
        expect(error).toBe('invalid_token');
      }
    }
  });

  it('refuses a mock Slack token at mock Linear: each server only honours its own tokens', async () => {
    const linear = await startLinearServer();
    try {
      const res = await rawMcp(linear.url, INIT_BODY, { authorization: `Bearer ${alice.access_token}` });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain(
        `resource_metadata="${linear.url}/.well-known/oauth-protected-resource"`,
      );
    } finally {
      await linear.close();
    }
  });

  it('serves /mcp without tokens as the workspace account when auth is none', async () => {
    const open = await startLinearServer({ auth: 'none' });
    try {
      const { client } = await connect(open.url);
      const result = await client.callTool({
        name: 'create_issue',
        arguments: { team: 'OPS', title: 'Bot-filed issue' },
      });
      expect(result.structuredContent).toMatchObject({ issue: { creator: 'workspace' } });
      expect((await fetch(`${open.url}/.well-known/oauth-authorization-server`)).status).toBe(404);
      await client.close();
    } finally {
      await open.close();
    }
  });
});

describe('per-account data', () => {
  it('shows each account only its own DMs; the workspace bot has none', async () => {
    const { client: a } = await connect(base, alice.access_token);
    const { client: b } = await connect(base, bob.access_token);
    const aliceDms = textOf(await a.callTool({ name: 'read_direct_messages', arguments: {} }));
    const bobDms = textOf(await b.callTool({ name: 'read_direct_messages', arguments: {} }));
    expect(aliceDms).toContain('reorg of the platform team');
    expect(bobDms).not.toContain('reorg of the platform team');
    expect(bobDms).toContain('icon export script');
    expect(aliceDms).not.toContain('icon export script');
    const search = textOf(await b.callTool({ name: 'search_messages', arguments: { query: 'reorg' } }));
    expect(search).toContain('No messages match');
    const ws = await signIn(base, 'workspace');
    const { client: w } = await connect(base, ws.access_token);
    const wsDms = await w.callTool({ name: 'read_direct_messages', arguments: {} });
    expect(wsDms.structuredContent).toMatchObject({ conversations: [] });
    await Promise.all([a.close(), b.close(), w.close()]);
  });

  it("refuses alice's MCP session when used with bob's token", async () => {
    const { client, transport } = await connect(base, alice.access_token);
    const sessionId = transport.sessionId ?? '';
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'read_direct_messages', arguments: {} },
    });
    const res = await rawMcp(base, body, {
      authorization: `Bearer ${bob.access_token}`,
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-06-18',
    });
    expect(res.status).toBe(403);
    expect(JSON.stringify(await res.json())).not.toContain('reorg');
    await client.close();
  });
});

describe('bad input', () => {
  it('answers malformed JSON with a JSON-RPC parse error', async () => {
    const res = await rawMcp(base, '{"jsonrpc": "2.0", "id": 1, "method": ', {
      authorization: `Bearer ${alice.access_token}`,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 } });
  });

  it('answers a body over the limit with JSON 413, and a request without session with 400', async () => {
    const big = await rawMcp(base, JSON.stringify({ x: 'a'.repeat(1_100_000) }), {
      authorization: `Bearer ${alice.access_token}`,
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    const list = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const noSession = await rawMcp(base, list, { authorization: `Bearer ${alice.access_token}` });
    expect(noSession.status).toBe(400);
    const unknown = await rawMcp(base, list, {
      authorization: `Bearer ${alice.access_token}`,
      'mcp-session-id': 'nope',
    });
    expect(unknown.status).toBe(404);
  });

  it('answers tools/call without a tool name or with non-object arguments with -32602, and an empty batch with -32600', async () => {
    const { client, transport } = await connect(base, alice.access_token);
    const headers = {
      authorization: `Bearer ${alice.access_token}`,
      'mcp-session-id': transport.sessionId ?? '',
      'mcp-protocol-version': '2025-06-18',
    };
    for (const params of [
      {},
      { name: 42 },
      { name: 'list_channels', arguments: 'all' },
      { name: 'list_channels', arguments: [1] },
    ]) {
      const res = await rawMcp(base, JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params }), headers);
      expect(await res.json()).toEqual({
        jsonrpc: '2.0',
        id: 7,
        error: { code: -32602, message: expect.stringMatching(/^Invalid params: tools\/call needs params.name/) },
      });
    }
    const batch = await rawMcp(base, '[]', headers);
    expect(batch.status).toBe(400);
    expect(await batch.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
    const ok = await rawMcp(
      base,
      JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'list_channels' } }),
      headers,
    );
    expect(JSON.stringify(await ok.json())).toContain('#general');
    await client.close();
  });

  it('reports an unknown tool, invalid arguments and an unknown channel as errors', async () => {
    const { client } = await connect(base, alice.access_token);
    const unknown = await client.callTool({ name: 'delete_workspace', arguments: {} });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/delete_workspace not found/);
    const invalid = await client.callTool({ name: 'read_channel', arguments: { channel: 42 } });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/Invalid arguments.*channel/);
    const channel = await client.callTool({ name: 'read_channel', arguments: { channel: '#nowhere' } });
    expect(channel.isError).toBe(true);
    expect(textOf(channel)).toContain('Available channels: #general');
    await client.close();
  });
});

describe('admin token knobs', () => {
  it('expires an account’s access tokens (refresh still works) and revokes all of them', async () => {
    const carol = await signIn(base, 'carol');
    const expire = await admin(base, 'POST', '/admin/tokens/expire', { account: 'carol' });
    expect(await expire.json()).toMatchObject({ ok: true, expired: 1 });
    const expired = await rawMcp(base, INIT_BODY, { authorization: `Bearer ${carol.access_token}` });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('expired');
    expect((await rawMcp(base, INIT_BODY, { authorization: `Bearer ${alice.access_token}` })).status).toBe(200);
    const refreshed = await tokenRequest(base, carol.client, {
      grant_type: 'refresh_token',
      refresh_token: carol.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    const revoke = await admin(base, 'POST', '/admin/tokens/revoke', { account: 'carol' });
    expect(((await revoke.json()) as { revoked: number }).revoked).toBeGreaterThanOrEqual(2);
    expect(
      (await rawMcp(base, INIT_BODY, { authorization: `Bearer ${String(refreshed.body.access_token)}` })).status,
    ).toBe(401);
    const again = await tokenRequest(base, carol.client, {
      grant_type: 'refresh_token',
      refresh_token: String(refreshed.body.refresh_token),
    });
    expect(again.body.error).toBe('invalid_grant');
    expect((await admin(base, 'POST', '/admin/tokens/revoke', { account: 'mallory' })).status).toBe(400);
  });

  it('reports token counts but never token values in /admin/state', async () => {
    const state = await (await admin(base, 'GET', '/admin/state')).text();
    expect(state).not.toContain(alice.access_token);
    expect(state).not.toContain(alice.refresh_token);
    expect(JSON.parse(state)).toMatchObject({
      service: 'slack',
      oauth: { tokens: { alice: { activeAccessTokens: expect.any(Number) } } },
    });
  });
});

describe('faults and reset', () => {
  it('adds latency to /mcp', async () => {
    // A mock of its own on a manual clock: the request is held until the clock has moved 300 ms.
    const clock = manualClock();
    const slow = await startSlackServer({ admin: true, clock });
    try {
      const token = (await signIn(slow.url, 'alice')).access_token;
      await admin(slow.url, 'PUT', '/admin/faults', { latencyMs: 300 });
      const idle = clock.pending();
      let answered = false;
      const res = rawMcp(slow.url, INIT_BODY, { authorization: `Bearer ${token}` }).then((r) => {
        answered = true;
        return r;
      });
      await clock.whenPending(idle + 1);
      clock.advance(299);
      expect(clock.pending()).toBe(idle + 1);
      expect(answered).toBe(false);
      clock.advance(1);
      expect(clock.pending()).toBe(idle);
      expect((await res).status).toBe(200);
    } finally {
      await slow.close();
    }
  });

  it('fails every tool call with errorRate 1 while listing still works', async () => {
    const { client } = await connect(base, alice.access_token);
    await admin(base, 'PUT', '/admin/faults', { errorRate: 1 });
    expect((await client.listTools()).tools.length).toBe(5);
    await expect(client.callTool({ name: 'list_channels', arguments: {} })).rejects.toThrow(/500|injected/);
    await admin(base, 'DELETE', '/admin/faults');
    expect(textOf(await client.callTool({ name: 'list_channels', arguments: {} }))).toContain('#general');
    await client.close();
  });

  it('answers 503 on /mcp when down, while /healthz stays up', async () => {
    const put = await admin(base, 'PUT', '/admin/faults', { down: true });
    expect(await put.json()).toMatchObject({ faults: { down: true, latencyMs: 0, errorRate: 0 } });
    expect((await rawMcp(base, INIT_BODY, { authorization: `Bearer ${alice.access_token}` })).status).toBe(503);
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true, service: 'slack' });
    expect((await admin(base, 'PUT', '/admin/faults', { errorRate: 2 })).status).toBe(400);
  });

  it('resets posted messages and faults', async () => {
    const { client } = await connect(base, alice.access_token);
    await client.callTool({ name: 'post_message', arguments: { channel: 'engineering', text: 'Taking INC-232.' } });
    const state = (await (await admin(base, 'GET', '/admin/state')).json()) as {
      postedMessages: { user: string; channel: string }[];
    };
    expect(state.postedMessages).toEqual([
      expect.objectContaining({ user: 'alice', channel: 'engineering', text: 'Taking INC-232.' }),
    ]);
    await admin(base, 'PUT', '/admin/faults', { latencyMs: 50 });
    expect((await admin(base, 'POST', '/admin/reset')).status).toBe(200);
    const after = (await (await admin(base, 'GET', '/admin/state')).json()) as {
      postedMessages: unknown[];
      faults: { latencyMs: number };
    };
    expect(after.postedMessages).toEqual([]);
    expect(after.faults.latencyMs).toBe(0);
    expect(
      textOf(await client.callTool({ name: 'read_channel', arguments: { channel: 'engineering' } })),
    ).not.toContain('Taking INC-232');
    await client.close();
  });

  it('does not serve admin endpoints unless admin is on', async () => {
    const plain = await startSlackServer();
    try {
      expect((await admin(plain.url, 'POST', '/admin/reset')).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
