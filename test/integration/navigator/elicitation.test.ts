/**
 * URL-mode elicitation (MCP 2025-11-25, SEP-1036) end to end, with an MCP SDK Client that declares
 * `elicitation.url`: the call to an unconnected user-level server is answered -32042 with a URL on
 * the navigator's origin; the guided flow behind it (driven over HTTP by the test browser) connects
 * that one server for that one user; the navigator sends `notifications/elicitation/complete`; the
 * retry succeeds. Also: the phishing rule (another signed-in user cannot finish it), clients without
 * the capability, and the instance switch.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ElicitationCompleteNotificationSchema,
  ErrorCode,
  UrlElicitationRequiredError,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthBrowser } from '../../../kit/auth-browser.js';
import { failureCodeOf } from '../../../server/shared/contracts.js';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
const clients: Client[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await stack?.close();
  stack = undefined;
});

const text = (r: Record<string, unknown>) =>
  Array.isArray(r.content) ? r.content.map((c: { text?: string }) => c.text ?? '').join('\n') : '';

/** An SDK client for `user` declaring URL-mode elicitation; `completed` yields each completion notification's id. */
async function elicitingClient(s: Stack, user: string) {
  const client = new Client({ name: 'elicit-test', version: '1.0.0' }, { capabilities: { elicitation: { url: {} } } });
  const completions: string[] = [];
  const waiting: ((id: string) => void)[] = [];
  client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => {
    const next = waiting.shift();
    if (next) next(n.params.elicitationId);
    else completions.push(n.params.elicitationId);
  });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(s.mcpUrl), { requestInit: { headers: s.mcpHeaders(user) } }),
  );
  clients.push(client);
  const completed = () =>
    new Promise<string>((resolve) =>
      completions.length > 0 ? resolve(completions.shift() ?? '') : waiting.push(resolve),
    );
  return { client, completed };
}

async function elicitationOf(call: Promise<unknown>): Promise<UrlElicitationRequiredError> {
  const err = await call.then(
    (r) => r,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UrlElicitationRequiredError);
  return err as UrlElicitationRequiredError;
}

describe('URL-mode elicitation', () => {
  it('answers -32042 for an unconnected server; the guided flow connects it, the completion arrives and the retry succeeds', async () => {
    stack = await startStack();
    const { client, completed } = await elicitingClient(stack, 'alice');
    const err = await elicitationOf(client.callTool({ name: 'slack__list_channels', arguments: {} }));
    expect(err.code).toBe(ErrorCode.UrlElicitationRequired);
    expect(err.message).toBe(
      'MCP error -32042: Slack needs to be connected by the user first; open the elicitation URL, then retry.',
    );
    expect(err.elicitations).toHaveLength(1);
    const e = err.elicitations[0]!;
    expect(e.mode).toBe('url');
    expect(e.message).toBe('Connect your Slack account to continue.');
    expect(e.url.startsWith(`${stack.navigator.publicUrl}/auth?elicitation_id=`)).toBe(true);
    expect(new URL(e.url).searchParams.get('elicitation_id')).toBe(e.elicitationId);
    // Asking again before finishing gives the same elicitation, not a new one.
    const again = await elicitationOf(
      client.callTool({ name: 'call_server_tool', arguments: { server: 'slack', tool: 'list_channels' } }),
    );
    expect(again.elicitations[0]?.elicitationId).toBe(e.elicitationId);

    const browser = new AuthBrowser(stack.navigator.url);
    const page = await browser.signIn(e.url, 'alice');
    expect(page.status).toBe(200);
    // The page connects this one server only.
    expect(browser.connectable()).toEqual(['slack']);
    const done = await browser.connect('slack', 'alice');
    expect(done.status).toBe(200);
    expect(done.text).toContain('All done');

    expect(await completed()).toBe(e.elicitationId);
    const retry = await client.callTool({ name: 'slack__list_channels', arguments: {} });
    expect(retry.isError).toBeFalsy();
    expect(text(retry)).toContain('general');
    // Linear is still not connected: a new elicitation for it.
    const linear = await elicitationOf(client.callTool({ name: 'list_server_tools', arguments: { server: 'linear' } }));
    expect(linear.elicitations[0]?.message).toBe('Connect your Linear account to continue.');
  });

  it('answers -32042 for a revoked credential too; reconnecting through it completes the elicitation', async () => {
    stack = await startStack();
    await stack.connect('alice', ['slack']);
    const { client, completed } = await elicitingClient(stack, 'alice');
    expect((await client.callTool({ name: 'slack__list_channels', arguments: {} })).isError).toBeFalsy();
    // Slack revokes every token of alice's account (access and refresh): the refresh fails, the credential is invalid.
    const revoked = await fetch(`${stack.slack.url}/admin/tokens/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'alice' }),
    });
    expect(revoked.status).toBe(200);
    const e = (await elicitationOf(client.callTool({ name: 'slack__list_channels', arguments: {} }))).elicitations[0]!;
    expect(e.message).toBe('Your Slack connection expired or was revoked. Reconnect Slack to continue.');
    const browser = new AuthBrowser(stack.navigator.url);
    await browser.signIn(e.url, 'alice');
    expect((await browser.connect('slack', 'alice')).status).toBe(200);
    expect(await completed()).toBe(e.elicitationId);
    expect((await client.callTool({ name: 'slack__list_channels', arguments: {} })).isError).toBeFalsy();
  });

  it('refuses to connect anything when the signed-in user is not the session user (phishing rule)', async () => {
    stack = await startStack();
    const { client } = await elicitingClient(stack, 'alice');
    const e = (await elicitationOf(client.callTool({ name: 'slack__list_channels', arguments: {} }))).elicitations[0]!;
    // Alice's elicitation URL, opened in bob's browser.
    const bob = new AuthBrowser(stack.navigator.url);
    const page = await bob.signIn(e.url, 'bob');
    expect(page.status).toBe(403);
    expect(page.text).toContain('This request is for another user');
    expect(bob.connectable()).toEqual([]);
    // Posting the Connect form anyway is refused too, and nothing starts at Slack.
    const forced = await bob.request('/auth/connect/slack', { form: bob.formContext() });
    expect(forced.status).toBe(403);
    expect(forced.location).toBeUndefined();
    for (const user of ['alice', 'bob']) {
      expect((await stack.settings.userStatus(user)).unauthenticated_servers).toContain('slack');
    }
    // Signing out and in as alice works on the same page.
    const out = await bob.request('/auth/sign-out', { form: bob.formContext() });
    expect(out.status).toBe(303);
    await bob.signIn(e.url, 'alice');
    expect(bob.connectable()).toEqual(['slack']);
  });

  it('gives clients without the capability the usual tool error, and none at all when the instance switches elicitation off', async () => {
    stack = await startStack();
    const plain = await stack.mcpClient('alice');
    const r = await plain.callTool({ name: 'slack__list_channels', arguments: {} });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/has not connected Slack yet\. Call get_authentication_link/);
    expect(failureCodeOf(r)).toBe('not_connected');

    const off = await stack.api('PATCH', '/api/instances/demo', { elicitation: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: 'demo', elicitation: false, live_tool_list: false });
    const { client } = await elicitingClient(stack, 'alice');
    const r2 = await client.callTool({ name: 'slack__list_channels', arguments: {} });
    expect(r2.isError).toBe(true);
    expect(text(r2)).toMatch(/get_authentication_link/);
    expect((await stack.api('PATCH', '/api/instances/demo', { elicitation: 'no' })).status).toBe(400);
    expect((await stack.api('PATCH', '/api/instances/nope', { elicitation: true })).status).toBe(404);
  });

  it('answers an unknown or expired elicitation id with a page that says so', async () => {
    stack = await startStack();
    const page = await new AuthBrowser(stack.navigator.url).open(
      `${stack.navigator.url}/auth?elicitation_id=not-a-real-one`,
    );
    expect(page.status).toBe(404);
    expect(page.text).toContain('Request expired');
  });
});
