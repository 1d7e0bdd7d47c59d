/**
 * OAuth scopes enforced per tool over real HTTP: a token without a tool's scope gets HTTP 403 with
 * `WWW-Authenticate: Bearer error="insufficient_scope", scope=...` (MCP Scope Challenge Handling) and a
 * JSON-RPC error naming the missing scope, and nothing is written; a client that asks for no
 * scope gets the scope it registered, else every scope (so clients that never asked keep working).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackServer, SLACK_TOOL_SCOPES } from '../../../mock-servers/slack/index.js';
import { startLinearServer, LINEAR_TOOL_SCOPES } from '../../../mock-servers/linear/index.js';
import { admin, authorizeUrl, connect, pkce, rawMcp, registerClient, signIn, textOf } from './helpers.js';

/** A raw tools/call (id 7) on an open session, to read the HTTP status and challenge the SDK client hides. */
function callRaw(base: string, token: string, sessionId: string | undefined, tool: string): Promise<Response> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 7,
    method: 'tools/call',
    params: { name: tool, arguments: ARGS[tool] },
  });
  return rawMcp(base, body, {
    authorization: `Bearer ${token}`,
    'mcp-session-id': sessionId ?? '',
    'mcp-protocol-version': '2025-06-18',
  });
}

type Started = Awaited<ReturnType<typeof startSlackServer>> | Awaited<ReturnType<typeof startLinearServer>>;

/** Valid arguments for every tool, so only the scope can make a call fail. */
const ARGS: Record<string, Record<string, unknown>> = {
  list_channels: {},
  read_channel: { channel: 'general' },
  search_messages: { query: 'INC-232' },
  read_direct_messages: {},
  post_message: { channel: 'general', text: 'Scope test' },
  list_teams: {},
  list_issues: {},
  get_issue: { id: 'ENG-3' },
  create_issue: { team: 'ENG', title: 'Scope test' },
  update_issue_state: { id: 'OPS-4', state: 'Done' },
};

const services = [
  {
    name: 'slack',
    start: () => startSlackServer({ admin: true }),
    toolScopes: SLACK_TOOL_SCOPES as Record<string, string>,
  },
  {
    name: 'linear',
    start: () => startLinearServer({ admin: true }),
    toolScopes: LINEAR_TOOL_SCOPES as Record<string, string>,
  },
];

describe.each(services)('mock $name scopes', ({ name, start, toolScopes }) => {
  let server: Started;
  const allScopes = [...new Set(Object.values(toolScopes))];
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server.close());

  it('maps every listed tool to a scope', async () => {
    const t = await signIn(server.url, 'alice');
    const { client } = await connect(server.url, t.access_token);
    const { tools } = await client.listTools();
    expect(tools.map((x) => x.name).sort()).toEqual(Object.keys(toolScopes).sort());
    await client.close();
  });

  it.each(Object.entries(toolScopes))(
    'refuses %s without its scope %s, naming it, and runs it with the scope',
    async (tool, scope) => {
      const others = allScopes.filter((s) => s !== scope);
      const limited = await signIn(server.url, 'alice', undefined, others.join(' '));
      expect(limited.scope.split(' ')).not.toContain(scope);
      const { client, transport } = await connect(server.url, limited.access_token);
      // The tool list does not depend on the token: a gateway caches one list for every user.
      expect((await client.listTools()).tools.map((x) => x.name)).toContain(tool);
      // MCP Scope Challenge Handling: HTTP 403 with error="insufficient_scope" and the scope to ask for.
      const refused = await callRaw(server.url, limited.access_token, transport.sessionId, tool);
      expect(refused.status).toBe(403);
      const challenge = refused.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer error="insufficient_scope"/);
      expect(challenge).toContain(`scope="${[...others, scope].join(' ')}"`);
      expect(challenge).toContain(`resource_metadata="${server.url}/.well-known/oauth-protected-resource"`);
      const body = (await refused.json()) as { id: number; error: { message: string; data: unknown } };
      expect(body.id).toBe(7);
      expect(body.error.message).toContain(`Missing OAuth scope "${scope}"`);
      expect(body.error.data).toEqual({ error: 'insufficient_scope', needed: scope, provided: others });
      // The SDK client sees the refusal as an error naming the scope, not as a result.
      await expect(client.callTool({ name: tool, arguments: ARGS[tool] })).rejects.toThrow(
        `Missing OAuth scope \\"${scope}\\"`,
      );
      await client.close();

      const granted = await signIn(server.url, 'alice', undefined, scope);
      const { client: ok } = await connect(server.url, granted.access_token);
      const result = await ok.callTool({ name: tool, arguments: ARGS[tool] });
      expect(result.isError).toBeFalsy();
      await ok.close();
    },
  );

  it('writes nothing when a write tool is refused for scope', async () => {
    await admin(server.url, 'POST', '/admin/reset');
    const readOnly = allScopes.filter((s) => s !== toolScopes[name === 'slack' ? 'post_message' : 'create_issue']);
    const { client } = await connect(
      server.url,
      (await signIn(server.url, 'bob', undefined, readOnly.join(' '))).access_token,
    );
    const write = name === 'slack' ? 'post_message' : 'create_issue';
    await expect(client.callTool({ name: write, arguments: ARGS[write] })).rejects.toThrow(/insufficient_scope/);
    const state = (await (await admin(server.url, 'GET', '/admin/state')).json()) as Record<string, unknown[]>;
    expect(state[name === 'slack' ? 'postedMessages' : 'createdIssues']).toEqual([]);
    await client.close();
  });

  it('grants every scope when the client asks for none and registered none', async () => {
    const t = await signIn(server.url, 'carol');
    expect(t.scope.split(' ').sort()).toEqual([...allScopes].sort());
  });
});

describe('default scopes of a client that asks for none', () => {
  let slack: Awaited<ReturnType<typeof startSlackServer>>;
  beforeAll(async () => {
    slack = await startSlackServer();
  });
  afterAll(() => slack.close());

  it('grants the scope the client registered (RFC 7591), shows only it, and enforces it', async () => {
    const client = await registerClient(slack.url, { scope: 'channels:read unknown:scope' });
    const page = await (await fetch(authorizeUrl(slack.url, client, pkce()))).text();
    expect(page).toContain('View channels and read their messages');
    expect(page).not.toContain('Post messages on your behalf');
    const t = await signIn(slack.url, 'alice', client);
    expect(t.scope).toBe('channels:read');
    const { client: mcp } = await connect(slack.url, t.access_token);
    expect(textOf(await mcp.callTool({ name: 'read_channel', arguments: { channel: 'general' } }))).toContain(
      '#general',
    );
    await expect(mcp.callTool({ name: 'post_message', arguments: { channel: 'general', text: 'hi' } })).rejects.toThrow(
      /Missing OAuth scope \\"chat:write\\"/,
    );
    await mcp.close();
  });

  it('lets an explicit scope request override the registered scope', async () => {
    const client = await registerClient(slack.url, { scope: 'channels:read' });
    const t = await signIn(slack.url, 'bob', client, 'im:read');
    expect(t.scope).toBe('im:read');
  });
});
