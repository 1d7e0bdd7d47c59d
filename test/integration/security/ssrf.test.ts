/**
 * Attack 3 of issue 11, SSRF through "add a server", performed over HTTP against the real navigator
 * and mock Slack: metadata that points registration at Slack's `/admin/reset`, error texts that would
 * tell open ports from closed ones, redirects, non-http URLs, huge and endless answers, and the
 * optional host allow-list (NAVIGATOR_OUTBOUND_HOSTS).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startLinearServer } from '../../../mock-servers/linear/index.js';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { manualClock } from '../../../server/shared/clock.js';
import { startStack, type Stack } from '../../../kit/stack.js';
import { authServerMetadata, resourceMetadata, startEvilServer, type EvilServer } from './evil-server.js';
import { ErrorBody } from '../../../server/shared/contracts.js';

let stack: Stack | undefined;
const evils: EvilServer[] = [];
afterEach(async () => {
  await stack?.close();
  stack = undefined;
  await Promise.all(evils.splice(0).map((e) => e.close()));
});

async function evil(routes: Parameters<typeof startEvilServer>[0] = () => ({})): Promise<EvilServer> {
  const e = await startEvilServer(routes);
  evils.push(e);
  return e;
}

const errorOf = (body: unknown) => ErrorBody.parse(body).error;
const addServer = (s: Stack, name: string, mcpUrl: string) =>
  s.api('POST', '/api/projects/demo/servers', { name, display_name: name, mcp_url: mcpUrl, auth_level: 'user' });
const serverNames = (s: Stack) => s.navigator.testing.servers('demo').map((x) => x.name);

describe('attack 3: SSRF through server discovery and registration', () => {
  it('does not POST to a registration_endpoint on another origin (mock Slack /admin/reset keeps its data)', async () => {
    stack = await startStack();
    const slack = stack.slack.url;
    await stack.connect('alice', ['slack']);
    const client = await stack.mcpClient('alice');
    expect(
      (await client.callTool({ name: 'slack__post_message', arguments: { channel: 'general', text: 'still here' } }))
        .isError,
    ).toBeFalsy();
    const before = (await (await fetch(`${slack}/admin/state`)).json()) as { postedMessages: unknown[] };
    expect(before.postedMessages).toHaveLength(1);

    const e = await evil((base) => ({
      '/.well-known/oauth-protected-resource/mcp': resourceMetadata(`${base}/mcp`, `${base}/`),
      '/.well-known/oauth-authorization-server': authServerMetadata(`${base}/`, base, {
        registration_endpoint: `${slack}/admin/reset`,
      }),
    }));
    const r = await addServer(stack, 'wiper', `${e.url}/mcp`);
    expect(r.status).toBe(422);
    expect(errorOf(r.body).message).toContain('endpoint origin: the registration_endpoint');
    const after = (await (await fetch(`${slack}/admin/state`)).json()) as { postedMessages: unknown[] };
    expect(after.postedMessages).toEqual(before.postedMessages);
    expect(serverNames(stack)).toEqual(['slack', 'linear']);
  });

  it('answers the same status and text whether the port is closed, answers 404, answers 200 without JSON, or answers JSON of another shape', async () => {
    stack = await startStack();
    const notFound = await evil();
    const html = await evil(() => ({
      '/.well-known/oauth-protected-resource/mcp': { body: '<html>admin console</html>' },
      '/.well-known/oauth-protected-resource': { body: '<html>admin console</html>' },
    }));
    const json = await evil(() => ({
      '/.well-known/oauth-protected-resource/mcp': { json: { hello: 'world' } },
      '/.well-known/oauth-protected-resource': { json: [1, 2] },
    }));
    const error = await evil(() => ({
      '/.well-known/oauth-protected-resource/mcp': { status: 500, json: { error: 'server_error' } },
    }));
    const closed = 'http://127.0.0.1:9';
    const answers = [];
    for (const base of [closed, notFound.url, html.url, json.url, error.url]) {
      const r = await addServer(stack, 'probe', `${base}/mcp`);
      answers.push({ status: r.status, text: errorOf(r.body).message.replaceAll(base, 'BASE') });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({
      status: 422,
      text: 'Could not set up OAuth for BASE/mcp: no usable OAuth protected-resource metadata (RFC 9728) for BASE/mcp. Nothing was added.',
    });
    expect(serverNames(stack)).toEqual(['slack', 'linear']);
  });

  it('follows no redirect: a 302 from the metadata URL is not followed, and its target gets no request', async () => {
    stack = await startStack();
    const target = await evil((base) => ({
      '/.well-known/oauth-protected-resource/mcp': resourceMetadata(`${base}/mcp`, `${base}/`),
    }));
    const redirector = await evil(() => ({
      '/.well-known/oauth-protected-resource/mcp': {
        status: 302,
        location: `${target.url}/.well-known/oauth-protected-resource/mcp`,
      },
      '/.well-known/oauth-protected-resource': {
        status: 307,
        location: `${target.url}/.well-known/oauth-protected-resource/mcp`,
      },
    }));
    const r = await addServer(stack, 'hop', `${redirector.url}/mcp`);
    expect(r.status).toBe(422);
    expect(errorOf(r.body).message).toMatch(/no usable OAuth protected-resource metadata/);
    expect(redirector.requests.length).toBeGreaterThan(0);
    expect(target.requests).toEqual([]);
  });

  it('uses only http(s): non-http MCP URLs and authorization servers are refused without a request', async () => {
    stack = await startStack();
    const file = await addServer(stack, 'file', 'file:///etc/passwd');
    expect(file.status).toBe(400);
    expect(errorOf(file.body).message).toMatch(/mcp_url must be http\(s\)/);
    const e = await evil((base) => ({
      '/.well-known/oauth-protected-resource/mcp': resourceMetadata(`${base}/mcp`, 'file:///etc/passwd'),
    }));
    const r = await addServer(stack, 'fileas', `${e.url}/mcp`);
    expect(r.status).toBe(422);
    expect(errorOf(r.body).message).toMatch(/outbound policy: the authorization server URL is not an http\(s\) URL/);
    expect(serverNames(stack)).toEqual(['slack', 'linear']);
  });

  it('bounds size and time: a 1 MB metadata document and an answer that never comes both end in the generic 422', async () => {
    // The navigator's clock is manual: the time limit passes when the test moves it, not in real time.
    const clock = manualClock();
    stack = await startStack({ downstreamTimeoutMs: 1_000, navigator: { clock } });
    const big = await evil((base) => ({
      '/.well-known/oauth-protected-resource/mcp': {
        json: { resource: `${base}/mcp`, authorization_servers: [`${base}/`], padding: 'x'.repeat(1024 * 1024) },
      },
    }));
    const r = await addServer(stack, 'big', `${big.url}/mcp`);
    expect(r.status).toBe(422);
    expect(errorOf(r.body).message).toMatch(/no usable OAuth protected-resource metadata/);
    const slow = await evil(() => ({
      '/.well-known/oauth-protected-resource/mcp': { hang: true },
      '/.well-known/oauth-protected-resource': { hang: true },
    }));
    let settled = false;
    const adding = addServer(stack, 'slow', `${slow.url}/mcp`).finally(() => (settled = true));
    // Each hanging request ends when the clock passes the limit; the navigator may try more than one URL.
    while (!settled) {
      clock.advance(1_000);
      await Promise.race([adding, new Promise((r) => setTimeout(r, 10))]);
    }
    const s = await adding;
    expect(s.status).toBe(422);
    expect(errorOf(s.body).message).toMatch(/no usable OAuth protected-resource metadata/);
    expect(serverNames(stack)).toEqual(['slack', 'linear']);
  });

  it('with an outbound allow-list, refuses MCP URLs and authorization servers on other hosts before any request', async () => {
    // The allow-list names mock Slack's host:port only, so the mocks are started first.
    const slack = await startSlackServer({ admin: true });
    const linear = await startLinearServer({ admin: true });
    try {
      stack = await startStack({
        mocks: { slack, linear },
        navigator: { outboundHosts: [new URL(slack.url).host] },
      });
      const e = await evil((base) => ({
        '/.well-known/oauth-protected-resource/mcp': resourceMetadata(`${base}/mcp`, `${slack.url}/`),
      }));
      const other = await addServer(stack, 'other', `${e.url}/mcp`);
      expect(other.status).toBe(422);
      expect(errorOf(other.body).message).toContain(
        `the MCP URL is on host ${new URL(e.url).host}, which is not in the navigator's outbound allow-list (NAVIGATOR_OUTBOUND_HOSTS)`,
      );
      expect(e.requests).toEqual([]);
      const lin = await addServer(stack, 'linear-two', `${linear.url}/mcp`);
      expect(lin.status).toBe(422);
      expect(errorOf(lin.body).message).toContain('outbound allow-list');
      // Slack is on the list: it is added and connectable; Linear (seeded) cannot be connected.
      expect((await addServer(stack, 'slack-two', `${slack.url}/mcp`)).status).toBe(201);
      const b = stack.browser();
      await b.signIn(stack.navigator.service.activeLinkUrl('demo') ?? '', 'alice');
      expect((await b.connect('slack-two', 'alice')).status).toBe(200);
      const refused = await b.request('/auth/connect/linear', { form: b.formContext() });
      expect(refused.status).toBe(502);
      expect(refused.text).toContain('outbound allow-list');
    } finally {
      await stack?.close();
      stack = undefined;
      await Promise.all([slack.close(), linear.close()]);
    }
  });
});
