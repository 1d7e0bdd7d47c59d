/**
 * Hostile text on every kind of server-rendered HTML page, against the real servers: the navigator's
 * guided flow (a reflected user name, a server display name set through the settings API), the mock
 * OAuth consent page (a client name from dynamic registration), and the mocks' data pages (a Slack
 * message and a Linear issue title written through their MCP tools). The pages are rendered by
 * `react-dom/server`; each must show the text escaped and never as markup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, registerClient, authorizeUrl, pkce, signIn } from '../mock-servers/helpers.js';
import { startStack, type Stack } from '../../../kit/stack.js';

const SCRIPT = '<script>alert(1)</script>';
const BREAKOUT = '"><img src=x onerror=alert(1)>';
const HOSTILE = `${SCRIPT}${BREAKOUT}`;
/** The renderer's escaping of HOSTILE, as text or as an attribute value. */
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;';

/** Neither payload survives as markup: no script element, no img element, no attribute broken out of. */
function expectInert(html: string, where: string): void {
  expect(html, where).not.toContain(SCRIPT);
  expect(html, where).not.toMatch(/<img/i);
  // With the quoted attribute values taken out, no tag may have an onerror attribute left.
  expect(html.replace(/"[^"]*"/g, '""'), where).not.toMatch(/<[a-z][^>]*\sonerror=/i);
  expect(html, where).toContain(ESCAPED);
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('hostile text on server-rendered pages is escaped', () => {
  it('guided flow: a reflected user name and a hostile server display name (sign-in, servers, done pages)', async () => {
    const link = stack.navigator.service.activeLinkUrl('demo') ?? '';
    const b = stack.browser();
    await b.open(link);
    const wrong = await b.request('/auth/sign-in', { form: { ...b.formContext(), user: HOSTILE, password: 'x' } });
    expect(wrong.text).toContain('Wrong user or password');
    expectInert(wrong.text, 'sign-in page');
    expect(wrong.text).toContain(`value="${ESCAPED}"`);

    const renamed = await stack.api('PATCH', '/api/projects/demo/servers/slack', { display_name: HOSTILE });
    expect(renamed.status).toBe(200);
    const list = await b.signIn(link, 'alice');
    expect(list.text).toContain('Connect your accounts');
    expectInert(list.text, 'servers page');
    expect(list.text).toContain(`aria-label="Connect ${ESCAPED}"`);

    await b.connect('slack', 'alice');
    const done = await b.connect('linear', 'alice');
    expect(done.text).toContain('All done');
    expectInert(done.text, 'done page');
  });

  it('mock consent page: a client registered with a hostile name', async () => {
    const client = await registerClient(stack.slack.url, { client_name: HOSTILE });
    const page = await fetch(authorizeUrl(stack.slack.url, client, pkce()));
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('is requesting access');
    expectInert(html, 'consent page');
  });

  /** Signs `account` in to a mock and calls one of its write tools, which must succeed. */
  async function callAs(base: string, account: string, name: string, args: Record<string, unknown>): Promise<void> {
    const tokens = await signIn(base, account);
    const { client } = await connect(base, tokens.access_token);
    try {
      expect((await client.callTool({ name, arguments: args })).isError).toBeFalsy();
    } finally {
      await client.close();
    }
  }

  it('mock Slack data page: a posted message with hostile text', async () => {
    await callAs(stack.slack.url, 'alice', 'post_message', { channel: 'general', text: HOSTILE });
    expectInert(await (await fetch(`${stack.slack.url}/`)).text(), 'Slack data page');
  });

  it('mock Linear data page: an issue created with a hostile title', async () => {
    await callAs(stack.linear.url, 'bob', 'create_issue', { team: 'ENG', title: HOSTILE });
    expectInert(await (await fetch(`${stack.linear.url}/`)).text(), 'Linear data page');
  });
});
