/**
 * The mocks' read-only pages at `GET /` over real HTTP (issue 16): channels and messages, teams and
 * issues with state and assignee; what a tool call creates shows up with the anchor its result links
 * to (`permalink`, `issue.url`); text is escaped; no script or inline style (strict-CSP ready).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLinearServer } from '../../../mock-servers/linear/index.js';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { connect, signIn } from './helpers.js';

let slack: Awaited<ReturnType<typeof startSlackServer>>;
let linear: Awaited<ReturnType<typeof startLinearServer>>;

beforeAll(async () => {
  [slack, linear] = await Promise.all([startSlackServer(), startLinearServer()]);
});
afterAll(async () => {
  await Promise.all([slack?.close(), linear?.close()]);
});

async function page(base: string): Promise<{ html: string; res: Response }> {
  const res = await fetch(`${base}/`);
  return { html: await res.text(), res };
}

function expectNoScriptOrInlineStyle(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<style|\sstyle=/i);
}

describe('mock data pages', () => {
  it('Slack: channels and their messages; a posted message appears under the anchor its permalink names, escaped', async () => {
    const before = await page(slack.url);
    expect(before.res.status).toBe(200);
    expect(before.res.headers.get('content-type')).toMatch(/text\/html/);
    expect(before.res.headers.get('cache-control')).toBe('no-store');
    expect(before.html).toContain('# general');
    expect(before.html).toMatch(/<meta http-equiv="refresh" content="\d+"\/?>/);
    expectNoScriptOrInlineStyle(before.html);

    const tokens = await signIn(slack.url, 'alice');
    const { client } = await connect(slack.url, tokens.access_token);
    const text = 'Deploy <b>done</b> & "verified"';
    const posted = await client.callTool({ name: 'post_message', arguments: { channel: 'general', text } });
    const permalink = (posted.structuredContent as { permalink?: string }).permalink ?? '';
    expect(permalink.startsWith(`${slack.url}/#m-general-`)).toBe(true);
    expect(permalink).not.toContain(tokens.access_token);
    await client.close();

    const after = await page(slack.url);
    const anchor = new URL(permalink).hash.slice(1);
    expect(after.html).toContain(`id="${anchor}"`);
    expect(after.html).toContain('Deploy &lt;b&gt;done&lt;/b&gt; &amp; &quot;verified&quot;');
    expect(after.html).not.toContain('<b>done</b>');
    // Direct messages are private: never on the page.
    expect(after.html).not.toMatch(/DM with/i);
  });

  it('Linear: teams and issues with state and assignee; a created issue appears under the anchor its url names', async () => {
    const before = await page(linear.url);
    expect(before.html).toContain('Engineering');
    expect(before.html).toMatch(/class="state state-[A-Za-z-]+">(Todo|In Progress|Done|Backlog|In Review|Canceled)</);
    expectNoScriptOrInlineStyle(before.html);
    const css = await fetch(`${linear.url}/_page/style.css`);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(await css.text()).toContain(':target');

    const tokens = await signIn(linear.url, 'bob');
    const { client } = await connect(linear.url, tokens.access_token);
    const created = await client.callTool({
      name: 'create_issue',
      arguments: { team: 'ENG', title: 'Page shows me', assignee: 'me' },
    });
    const issue = (created.structuredContent as { issue: { id: string; url: string } }).issue;
    expect(issue.url).toBe(`${linear.url}/#${issue.id}`);
    await client.close();

    const after = await page(linear.url);
    const row = new RegExp(`<tr class="issue" id="${issue.id}">.*?</tr>`).exec(after.html)?.[0] ?? '';
    expect(row).toContain('Page shows me');
    expect(row).toContain('Todo');
    expect(row).toContain('Bob Martinez');
  });
});
