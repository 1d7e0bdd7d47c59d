/**
 * The side panel's other server states and an expanded tool card, in Chromium on the real stack
 * (demo model): Linear is a project-level server with a shared credential, Slack is user-level.
 * A revoked Slack credential shows as expired once the agent has checked it (B16), and a tool card
 * opened by the person shows the call's server, arguments and result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, poll, shot, signInOnChatPage, type BrowserUser } from './browser.js';
import { startBrowserStack, type BrowserStack } from './stack.js';

let stack: BrowserStack;
const browsers: BrowserUser[] = [];

beforeAll(async () => {
  stack = await startBrowserStack({ authLevels: { linear: 'project' } });
  await stack.connectShared('linear');
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(browsers.map((b) => b.close()));
  await stack?.close();
});

const row = (page: Page, server: string) => page.getByTestId('server-list').locator(`[data-server="${server}"]`);

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message').fill(text);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 30_000 });
}

describe('side panel states and tool cards', () => {
  it('[B16] shows a project-level server as shared and a revoked connection as expired after the agent checks it', async () => {
    await stack.connect('carol', ['slack']);
    const carol = await openBrowser();
    browsers.push(carol);
    const { page } = carol;
    await signInOnChatPage(page, stack.appUrl, 'carol');
    await poll(() => row(page, 'slack').getAttribute('data-state')).toBe('connected');
    await poll(() => row(page, 'linear').getAttribute('data-state')).toBe('project');
    expect(await row(page, 'linear').locator('.pill').textContent()).toBe('Project-level');
    expect(await row(page, 'linear').textContent()).toContain('Shared by the project');

    // Slack revokes carol's tokens behind the navigator's back; the next status check finds out.
    const revoked = await fetch(`${stack.slack.url}/admin/tokens/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'carol' }),
    });
    expect(revoked.ok).toBe(true);
    await send(page, 'Can you check my Slack messages?');
    await poll(() => row(page, 'slack').getAttribute('data-state'), 30_000).toBe('expired');
    expect(await row(page, 'slack').locator('.pill').textContent()).toBe('Expired, reconnect');
    // The agent offers the link again, naming only Slack (Linear is shared, nothing to connect).
    await page.getByRole('link', { name: 'Connect Slack' }).first().waitFor();
    expect(await page.getByRole('link', { name: /Connect Slack and Linear/ }).count()).toBe(0);
    await shot(page, 'panel-01-project-level-and-expired');
    expect(carol.errors).toEqual([]);
  });

  it('a tool card is collapsed by default and, expanded, shows the tool, server, arguments, result and status', async () => {
    await stack.connect('alice', ['slack']);
    const alice = await openBrowser();
    browsers.push(alice);
    const { page } = alice;
    await signInOnChatPage(page, stack.appUrl, 'alice');
    await send(page, "What's new in #general?");
    const card = page.getByTestId('tool-card').filter({ hasText: 'read_channel' }).first();
    await card.waitFor({ timeout: 30_000 });
    expect(await card.locator('.tool-name').textContent()).toBe('read_channel');
    expect(await card.locator('.badge').textContent()).toBe('slack');
    expect(await card.locator('.tool-status').textContent()).toBe('Done');
    const body = card.locator('.tool-card-body');
    expect(await body.isVisible()).toBe(false);

    const details = card.getByRole('button', { name: /Details/ });
    expect(await details.getAttribute('aria-expanded')).toBe('false');
    await details.click();
    await poll(() => body.isVisible()).toBe(true);
    expect(await card.getByRole('button', { name: /Hide details/ }).getAttribute('aria-expanded')).toBe('true');
    const pres = await body.locator('pre').allTextContents();
    expect(await body.locator('h4').allTextContents()).toEqual(['Arguments', 'Result']);
    expect(JSON.parse(pres[0] ?? 'null')).toMatchObject({ channel: 'general' });
    // The result is the channel's messages as the mock Slack returned them, not a placeholder.
    expect(pres[1]).toMatch(/general/);
    expect((pres[1] ?? '').length).toBeGreaterThan(100);
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'panel-02-tool-card-expanded');

    // A project-level server works without any personal connection: Linear through the shared credential.
    await send(page, 'Show my Linear issues');
    const linearCard = page.getByTestId('tool-card').filter({ hasText: 'list_issues' }).first();
    await linearCard.waitFor({ timeout: 30_000 });
    expect(await linearCard.locator('.badge').textContent()).toBe('linear');
    expect(await linearCard.locator('.tool-status').textContent()).toBe('Done');
    expect(alice.errors).toEqual([]);
  });

  it('refreshes the side panel when the guided-flow popup closes, even if the flow never said it was done', async () => {
    const bob = await openBrowser();
    browsers.push(bob);
    const { page, context } = bob;
    await signInOnChatPage(page, stack.appUrl, 'bob');
    await send(page, 'Can you check my Slack messages?');
    const connect = page.getByRole('link', { name: 'Connect Slack' }).first();
    await connect.waitFor();
    const [popup] = await Promise.all([context.waitForEvent('page'), connect.click()]);
    await popup.waitForLoadState();
    await poll(() => page.getByTestId('connect-card').first().locator('.connect-phase').textContent()).toContain(
      'Finish in the window that opened',
    );

    // bob connects on another device meanwhile; this popup is simply closed.
    await stack.connect('bob', ['slack']);
    expect(await row(page, 'slack').getAttribute('data-state')).toBe('needs_connecting');
    await popup.close();
    await poll(() => row(page, 'slack').getAttribute('data-state')).toBe('connected');
    await poll(() => page.getByTestId('connect-card').first().getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('connect-card').first().getByRole('heading').textContent()).toBe('Slack connected');
    await shot(page, 'panel-03-popup-closed');
    expect(bob.errors).toEqual([]);
  });
});
