/**
 * Attack 2 of issue 11, "tokens sent to the wrong server", performed over HTTP against the real
 * navigator and mock Slack: a server added in settings tries to make the navigator mint or send a
 * Slack token for it, through its protected-resource metadata (RFC 9728 §3.3), its authorization-
 * server metadata (RFC 8414 §3.3, endpoints on other origins), by borrowing Slack's real
 * authorization server (RFC 8707 resource binding), or by a mixed-up callback (RFC 9207).
 * Each refusal is a 4xx naming the rule, and nothing is stored; the attacker never sees a bearer token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { completeConsent } from '../../../kit/auth-browser.js';
import { startStack, type Stack } from '../../../kit/stack.js';
import { authServerMetadata, resourceMetadata, startEvilServer, type EvilServer } from './evil-server.js';

let stack: Stack | undefined;
const evils: EvilServer[] = [];
afterEach(async () => {
  await stack?.close();
  stack = undefined;
  await Promise.all(evils.splice(0).map((e) => e.close()));
});

async function evil(routes: Parameters<typeof startEvilServer>[0]): Promise<EvilServer> {
  const e = await startEvilServer(routes);
  evils.push(e);
  return e;
}

const errorOf = (body: unknown) =>
  (body as { error: { code: string; message: string; details?: { rule?: string } } }).error;
const serverNames = (s: Stack) => s.navigator.testing.servers('demo').map((x) => x.name);
const credentialRows = (s: Stack) => s.navigator.testing.credentialCount();
const addServer = (s: Stack, name: string, mcpUrl: string) =>
  s.api('POST', '/api/projects/demo/servers', { name, display_name: name, mcp_url: mcpUrl, auth_level: 'user' });
const noBearerSeen = (e: EvilServer) => e.requests.filter((r) => r.authorization !== undefined);

describe('attack 2: tokens steered to the wrong server', () => {
  it("refuses a server whose protected-resource metadata claims Slack's resource (RFC 9728 §3.3), and stores nothing", async () => {
    stack = await startStack();
    await stack.connect('alice', ['slack']);
    const slack = stack.slack.url;
    const e = await evil(() => ({
      '/.well-known/oauth-protected-resource/mcp': resourceMetadata(`${slack}/mcp`, `${slack}/`),
      '/.well-known/oauth-protected-resource': resourceMetadata(`${slack}/mcp`, `${slack}/`),
    }));
    const r = await addServer(stack, 'lookalike', `${e.url}/mcp`);
    expect(r.status).toBe(422);
    expect(errorOf(r.body).message).toMatch(
      /^Refused .*: RFC 9728 §3\.3: the protected-resource metadata names a different resource than the configured MCP URL/,
    );
    expect(errorOf(r.body).details?.rule).toBe('RFC 9728 §3.3');
    expect(serverNames(stack)).toEqual(['slack', 'linear']);
    expect(noBearerSeen(e)).toEqual([]);
    // Metadata without any resource is refused the same way.
    e.route('/.well-known/oauth-protected-resource/mcp', { json: { authorization_servers: [`${slack}/`] } });
    e.route('/.well-known/oauth-protected-resource', { json: { authorization_servers: [`${slack}/`] } });
    const none = await addServer(stack, 'noresource', `${e.url}/mcp`);
    expect(none.status).toBe(422);
    expect(errorOf(none.body).message).toMatch(/RFC 9728 §3\.3: .* names no "resource"/);
    expect(serverNames(stack)).toEqual(['slack', 'linear']);
  });

  it('refuses authorization-server metadata whose issuer differs from the URL it was derived from (RFC 8414 §3.3)', async () => {
    stack = await startStack();
    const slack = stack.slack.url;
    const e = await evil((base) => ({
      '/.well-known/oauth-protected-resource/mcp': resourceMetadata(`${base}/mcp`, `${base}/as`),
      // Slack's real metadata copied, served from the attacker's URL: its issuer is Slack's.
      '/.well-known/oauth-authorization-server/as': authServerMetadata(`${slack}/`, slack),
    }));
    const r = await addServer(stack, 'mirror', `${e.url}/mcp`);
    expect(r.status).toBe(422);
    expect(errorOf(r.body).message).toMatch(
      /RFC 8414 §3\.3: the authorization-server metadata fetched for http:\/\/127\.0\.0\.1:\d+\/as names a different issuer/,
    );
    expect(serverNames(stack)).toEqual(['slack', 'linear']);
    expect(stack.slack.oauth.clientCount).toBe(0);
  });

  it("refuses endpoints that are not on the issuer's origin (token endpoint pointing at Slack)", async () => {
    stack = await startStack();
    const slack = stack.slack.url;
    for (const endpoint of [
      'authorization_endpoint',
      'token_endpoint',
      'registration_endpoint',
      'revocation_endpoint',
    ]) {
      const e = await evil((base) => ({
        '/.well-known/oauth-protected-resource/mcp': resourceMetadata(`${base}/mcp`, `${base}/`),
        '/.well-known/oauth-authorization-server': authServerMetadata(`${base}/`, base, {
          [endpoint]: `${slack}/${endpoint}`,
        }),
      }));
      const r = await addServer(stack, `cross-${endpoint.split('_')[0]}`, `${e.url}/mcp`);
      expect(r.status).toBe(422);
      expect(errorOf(r.body).message).toContain(
        `endpoint origin: the ${endpoint} of ${e.url}/ is not on the issuer's origin ${e.url}`,
      );
      expect(e.requests.some((q) => q.method === 'POST')).toBe(false);
    }
    expect(serverNames(stack)).toEqual(['slack', 'linear']);
  });

  it("a server that borrows Slack's real authorization server gets no Slack token: the grant is bound to its own resource (RFC 8707)", async () => {
    stack = await startStack();
    const slack = stack.slack.url;
    const e = await evil((base) => ({
      '/.well-known/oauth-protected-resource/mcp': resourceMetadata(`${base}/mcp`, `${slack}/`),
    }));
    // Its metadata is honest about itself, so it is added; the authorization it asks for names it as the resource.
    expect((await addServer(stack, 'borrower', `${e.url}/mcp`)).status).toBe(201);
    const b = stack.browser();
    await b.signIn(stack.navigator.service.activeLinkUrl('demo') ?? '', 'alice');
    const authorize = new URL(await b.startConnect('borrower'));
    expect(authorize.origin).toBe(new URL(slack).origin);
    expect(authorize.searchParams.get('resource')).toBe(`${e.url}/mcp`);
    // Slack refuses to mint a token for a resource it does not serve and says so to the callback.
    const refused = await fetch(authorize, { redirect: 'manual' });
    expect(refused.status).toBe(302);
    const back = new URL(refused.headers.get('location') ?? '');
    expect(back.searchParams.get('error')).toBe('invalid_target');
    const page = await b.request(back.toString());
    expect(page.status).toBe(502);
    expect(credentialRows(stack)).toBe(0);
    expect(noBearerSeen(e)).toEqual([]);
  });

  it("every token the navigator holds is bound to its server's resource, on the code exchange and on refresh (RFC 8707)", async () => {
    stack = await startStack();
    await stack.connect('alice', ['slack']);
    const token = () =>
      stack!.navigator.testing.credential('alice', stack!.navigator.testing.server('demo', 'slack')!.id)!.accessToken;
    const first = token();
    expect(stack.slack.oauth.verify(first).resource?.href).toBe(`${stack.slack.url}/mcp`);
    // Expire it at Slack (before the navigator ever connected to Slack for her): the first call gets
    // a 401 while connecting, refreshes, and the refreshed token is bound the same way.
    const client = await stack.mcpClient('alice');
    await fetch(`${stack.slack.url}/admin/tokens/expire`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'alice' }),
    });
    const after = await client.callTool({ name: 'slack__list_channels', arguments: {} });
    expect(after.isError, JSON.stringify(after.content)).toBeFalsy();
    expect(token()).not.toBe(first);
    expect(stack.slack.oauth.verify(token()).resource?.href).toBe(`${stack.slack.url}/mcp`);
  });

  it("a look-alike stored before these checks (Slack's OAuth settings, its own URL) gets neither a new Slack token nor an old one", async () => {
    stack = await startStack();
    await stack.connect('alice', ['slack']);
    const slack = stack.navigator.testing.server('demo', 'slack')!;
    const e = await evil(() => ({
      '/.well-known/oauth-protected-resource/mcp': resourceMetadata(`${stack!.slack.url}/mcp`, `${stack!.slack.url}/`),
    }));
    // What the old navigator stored for the attack: Slack's client and resource, the attacker's MCP URL.
    const legacy = stack.navigator.testing.addServer('demo', {
      name: 'legacy',
      displayName: 'Legacy',
      mcpUrl: `${e.url}/mcp`,
      authLevel: 'user',
      oauth: slack.oauth,
    });
    stack.navigator.testing.saveCredential('alice', legacy.id, {
      accessToken: stack.navigator.testing.credential('alice', slack.id)!.accessToken,
    });
    const alice = await stack.mcpClient('alice');
    const call = await alice.callTool({
      name: 'call_server_tool',
      arguments: { server: 'legacy', tool: 'read_direct_messages', arguments: {} },
    });
    expect(call.isError).toBe(true);
    // Connecting it again re-runs discovery, which refuses it.
    const b = stack.browser();
    await b.signIn(stack.navigator.service.activeLinkUrl('demo') ?? '', 'alice');
    const connect = await b.request('/auth/connect/legacy', { form: b.formContext() });
    expect(connect.status).toBe(502);
    expect(connect.text).toContain('RFC 9728 §3.3');
    expect(noBearerSeen(e)).toEqual([]);
  });

  it('refuses a callback whose iss is another issuer, or missing, when the server advertises RFC 9207', async () => {
    stack = await startStack();
    for (const iss of [new URL(stack.linear.url).href, undefined]) {
      const b = stack.browser();
      await b.signIn(stack.navigator.service.activeLinkUrl('demo') ?? '', 'alice');
      const callback = new URL(await completeConsent(await b.startConnect('slack'), { account: 'alice' }));
      expect(callback.searchParams.get('iss')).toBe(new URL(stack.slack.url).href);
      if (iss) callback.searchParams.set('iss', iss);
      else callback.searchParams.delete('iss');
      const page = await b.request(callback.toString());
      expect(page.status).toBe(400);
      expect(page.text).toContain('RFC 9207');
      expect(credentialRows(stack)).toBe(0);
    }
  });
});
