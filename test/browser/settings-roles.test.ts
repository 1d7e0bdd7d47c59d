/**
 * The Settings page by role, in Chromium on the real stack (issue 11 "Roles", issue 16 "Settings"):
 * a user's Settings page is their own connections (connect through the guided flow popup,
 * disconnect); Remove asks first and says how many users' connections go; the preview is the
 * guided flow as a signed-out new user sees it, even in a browser signed in on the navigator; the
 * side panel leads to the connections page, also with In-Chat Authentication off; focus goes to
 * the message box after sign-in and the skip link targets it.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, poll, ROOT, shot, signInOnChatPage, waitForHeading, type BrowserUser } from './browser.js';
import { browserSuite } from './stack.js';

const suite = browserSuite();

async function browser(): Promise<BrowserUser & { errors: string[] }> {
  return suite.track(await openBrowser());
}

const connectionRow = (page: Page, server: string) =>
  page.getByTestId('connections').locator(`li[data-server="${server}"]`);

async function navigatorState(user: string, server: string): Promise<string | undefined> {
  return (await suite.stack.settings.userStatus(user)).servers.find((s) => s.name === server)?.state;
}

describe('Settings by role', () => {
  it("a user's Settings page is their own connections: connect through the guided flow, then disconnect", async () => {
    const { page, context, errors } = await browser();
    await signInOnChatPage(page, suite.stack.appUrl, 'bob');
    await page.goto(`${suite.stack.appUrl}/settings`);
    await page.getByRole('heading', { level: 1, name: 'Your connections' }).waitFor();
    // None of the admin UI: no switch, no servers table.
    expect(await page.getByRole('switch').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Navigator settings' }).count()).toBe(0);
    expect(await page.getByTestId('admin-only-note').textContent()).toContain('bob is a user');
    await poll(() => connectionRow(page, 'slack').getAttribute('data-state')).toBe('needs_connecting');
    await shot(page, 'roles-01-user-connections');

    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      connectionRow(page, 'slack').getByRole('link', { name: 'Connect Slack' }).click(),
    ]);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).origin).toBe(new URL(suite.stack.navigator.url).origin);
    await popup.getByLabel('User').fill('bob');
    await popup.getByLabel('Password').fill('bob');
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await waitForHeading(popup, 'Connect your accounts');
    await popup.getByRole('button', { name: 'Connect Slack' }).click();
    await popup.waitForURL(`${suite.stack.slack.url}/**`);
    await popup.locator('input[name="account"][value="bob"]').check();
    await popup.getByRole('button', { name: 'Allow' }).click();
    await popup.getByRole('button', { name: 'Connect Linear' }).waitFor();
    await popup.close();
    // Closing the popup brings the page up to date without a reload.
    await poll(() => connectionRow(page, 'slack').getAttribute('data-state')).toBe('connected');
    expect(await navigatorState('bob', 'slack')).toBe('connected');

    await connectionRow(page, 'slack').getByRole('button', { name: 'Disconnect Slack' }).click();
    await poll(() => connectionRow(page, 'slack').getAttribute('data-state')).toBe('needs_connecting');
    expect(await page.getByTestId('connections-notice').textContent()).toBe('Disconnected Slack.');
    expect(await navigatorState('bob', 'slack')).toBe('needs_connecting');
    expect(errors).toEqual([]);
  });

  it("Remove asks first and says how many users' connections it revokes; Cancel keeps the server", async () => {
    await suite.stack.connect('alice', ['linear']);
    await suite.stack.connect('carol', ['linear']);
    const { page, errors } = await browser();
    await signInOnChatPage(page, suite.stack.appUrl, 'admin');
    await page.goto(`${suite.stack.appUrl}/settings`);
    const row = page.locator('tr[data-server="linear"]');
    await row.waitFor();
    // The README's settings screenshot, refreshed only on request (UPDATE_SCREENSHOTS=1).
    const readmeShot = await shot(page, 'roles-02-settings-admin', true);
    if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(readmeShot, join(ROOT, 'docs/screenshot-settings.png'));
    await page.getByRole('button', { name: 'Remove Linear' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove Linear?' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('remove-consequence').textContent()).toContain(
      "This revokes and deletes 2 users' connections to Linear.",
    );
    // Focus starts on Cancel: Enter does not remove.
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    await shot(page, 'roles-02-remove-confirmation');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await row.count()).toBe(1);
    expect(await navigatorState('alice', 'linear')).toBe('connected');

    await page.getByRole('button', { name: 'Remove Linear' }).click();
    await dialog.getByRole('button', { name: 'Yes, remove' }).click();
    await poll(() => row.count()).toBe(0);
    await poll(() => page.getByTestId('settings-notice').textContent()).toContain('Removed Linear.');
    expect(errors).toEqual([]);
  });

  it('the preview shows the guided flow as a signed-out new user sees it, even after the admin used the flow in this browser', async () => {
    const { page, context, errors } = await browser();
    // This browser has a navigator session (signed in on the guided flow as alice).
    const link = suite.stack.navigator.service.activeLinkUrl('demo') ?? '';
    const flow = await context.newPage();
    await flow.goto(link);
    await flow.getByLabel('User').fill('alice');
    await flow.getByLabel('Password').fill('alice');
    await flow.getByRole('button', { name: 'Sign in' }).click();
    await waitForHeading(flow, /Connect your accounts|All done/);
    await flow.close();

    await signInOnChatPage(page, suite.stack.appUrl, 'admin');
    await page.goto(`${suite.stack.appUrl}/settings`);
    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: 'Preview authentication page' }).click(),
    ]);
    await tab.waitForLoadState();
    await waitForHeading(tab, 'Sign in to connect your accounts');
    expect(await tab.getByRole('note').textContent()).toContain('Preview: what a signed-out new user sees');
    expect(await tab.getByText('Signed in as').count()).toBe(0);
    await shot(tab, 'roles-03-preview-signed-out');
    await tab.close();
    expect(errors).toEqual([]);
  });

  it('focus goes to the message box after sign-in, and the skip link targets it', async () => {
    const { page, errors } = await browser();
    await signInOnChatPage(page, suite.stack.appUrl, 'carol');
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-input');
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.getByRole('link', { name: 'Skip to content' }).focus();
    await page.keyboard.press('Enter');
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-input');
    expect(errors).toEqual([]);
  });

  it('with In-Chat Authentication off, the side panel points to the connections page instead of "Ask the assistant"', async () => {
    expect((await suite.stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: false })).status).toBe(200);
    const { page, errors } = await browser();
    await signInOnChatPage(page, suite.stack.appUrl, 'carol');
    const slack = page.getByTestId('server-list').locator('[data-server="slack"]');
    await poll(() => slack.getAttribute('data-state')).toBe('needs_connecting');
    expect(await slack.locator('.server-hint').textContent()).toBe('Connect it on your connections page');
    expect(await page.getByText('Ask the assistant for a link').count()).toBe(0);
    await shot(page, 'roles-04-panel-feature-off');
    await page.getByTestId('connections-link').click();
    await page.waitForURL(`${suite.stack.appUrl}/settings#connections`);
    const connect = connectionRow(page, 'slack').getByRole('link', { name: 'Connect Slack' });
    await connect.waitFor();
    // The project's guided flow works without an auth link.
    expect(await connect.getAttribute('href')).toBe(`${suite.stack.navigator.url}/auth?project_id=demo`);
    expect(errors).toEqual([]);
  });
});

describe('instance keys', () => {
  it('an admin adds an instance and sees its key once; after Done or a reload it is gone for good', async () => {
    const { page, context, errors } = await browser();
    await signInOnChatPage(page, suite.stack.appUrl, 'admin');
    await page.goto(`${suite.stack.appUrl}/settings`);
    await page.getByLabel('Instance id').fill('support-bot');
    await page.getByLabel('Instance name').fill('Support bot');
    await page.getByRole('button', { name: 'Add instance' }).click();
    const box = page.getByTestId('new-instance-key');
    await box.waitFor();
    const key = await box.getByLabel('API key of Support bot').inputValue();
    expect(key).toMatch(/^nav_/);
    await page.locator('tr[data-instance="support-bot"]').waitFor();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.stack.appUrl });
    await box.getByRole('button', { name: 'Copy key' }).click();
    await poll(() => box.locator('.copy-status').textContent()).toBe('Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await shot(page, 'roles-05-instance-key-once', true);
    await box.getByRole('button', { name: 'Done' }).click();
    expect(await box.count()).toBe(0);
    // Nowhere else: not in the page after a reload, not in the project's JSON.
    await page.reload();
    await page.locator('tr[data-instance="support-bot"]').waitFor();
    expect(await page.content()).not.toContain(key);
    expect((await suite.stack.api('GET', '/api/projects/demo')).text).not.toContain(key);
    expect(errors).toEqual([]);
  });
});
