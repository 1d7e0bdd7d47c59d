/**
 * The navigator settings page in Chromium against the real navigator (through the agent server's
 * pass-through): the link preview next to the toggle (B14), the refusal to enable In-Chat
 * Authentication without a user-level server, with the reason (B6), and the automatic switch-off
 * when the last user-level server is removed (B7). The settings API is for admin sessions since the
 * roles change, so these tests sign in as `admin` (they signed in as a user before).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { openBrowser, poll, shot, type BrowserUser } from './browser.js';
import { startBrowserStack, type BrowserStack } from './stack.js';

let stack: BrowserStack;
let browser: BrowserUser & { errors: string[] };

beforeAll(async () => {
  stack = await startBrowserStack();
  browser = await openBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const toggle = (page: Page) => page.getByRole('switch', { name: 'In-Chat Authentication' });
const reason = (page: Page) => page.getByTestId('in-chat-auth-reason');

async function instanceFlag(): Promise<boolean> {
  const res = await stack.api('GET', '/api/projects/demo');
  const body = z
    .object({ instances: z.array(z.object({ id: z.string(), in_chat_auth: z.boolean() })) })
    .parse(res.body);
  return body.instances.find((i) => i.id === 'demo')?.in_chat_auth ?? false;
}

describe('settings page', () => {
  it('[B14] the link icon next to the toggle opens the authentication page as users see it', async () => {
    const { page, context } = browser;
    await page.goto(`${stack.appUrl}/settings`);
    // The settings API is behind the app's sign-in, for admins.
    await page.getByRole('heading', { name: 'Sign in to your settings' }).waitFor();
    await page.getByLabel('User').selectOption('admin');
    await page.getByLabel('Password').fill('admin');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => toggle(page).getAttribute('aria-checked')).toBe('true');
    const preview = page.getByRole('link', { name: 'Preview authentication page' });
    // The icon sits in the same row as the toggle.
    const row = page.locator('tr[data-instance="demo"]');
    expect(await row.getByRole('link', { name: 'Preview authentication page' }).count()).toBe(1);
    const linkUrl = await page.getByLabel('Default authentication link').inputValue();
    expect(linkUrl).toMatch(/\/auth\?auth_link_id=/);
    // The preview is the link's first page as a signed-out new user sees it, served by the app.
    expect(await preview.getAttribute('href')).toBe('/api/auth-preview');
    // The copy button puts the default link on the clipboard and says so.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.appUrl });
    await page.getByRole('button', { name: 'Copy' }).click();
    await poll(() => page.locator('.copy-status').textContent()).toBe('Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(linkUrl);
    await shot(page, 'settings-01-enabled', true);

    const [tab] = await Promise.all([context.waitForEvent('page'), preview.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`${stack.appUrl}/api/auth-preview`);
    await tab.getByRole('heading', { name: 'Sign in to connect your accounts' }).waitFor();
    expect(await tab.getByRole('note').textContent()).toContain(linkUrl);
    await shot(tab, 'settings-02-link-preview');
    await tab.close();
    expect(browser.errors).toEqual([]);
  });

  it('[B7] removing the last user-level server switches the toggle off on the page, with the reason', async () => {
    const { page } = browser;
    await page.goto(`${stack.appUrl}/settings`);
    await poll(() => toggle(page).getAttribute('aria-checked')).toBe('true');

    // Linear becomes project-level: Slack is the only user-level server left, the toggle stays on.
    await page.getByLabel('Auth level for Linear').selectOption('project');
    await poll(() => page.getByTestId('settings-notice').textContent()).toContain(
      'Linear now uses Project-level auth.',
    );
    expect(await toggle(page).getAttribute('aria-checked')).toBe('true');

    await page.getByRole('button', { name: 'Remove Slack' }).click();
    await page.getByRole('dialog', { name: 'Remove Slack?' }).getByRole('button', { name: 'Yes, remove' }).click();
    await poll(() => toggle(page).getAttribute('aria-checked')).toBe('false');
    expect(await toggle(page).isDisabled()).toBe(true);
    await poll(() => page.getByTestId('settings-notice').textContent()).toContain(
      'In-Chat Authentication was switched off on demo',
    );
    // Switching something off is a warning, not a plain success.
    expect(await page.getByTestId('settings-notice').getAttribute('class')).toContain('warn');
    await poll(() => reason(page).textContent()).toMatch(/user-level/i);
    expect(await page.locator('tr[data-server="slack"]').count()).toBe(0);
    expect(await instanceFlag()).toBe(false);
    await shot(page, 'settings-03-auto-disabled', true);
  });

  it('[B6] enabling is refused without a user-level server: the switch is disabled with the reason, and a stale page shows the 409 reason', async () => {
    const { page } = browser;
    await page.goto(`${stack.appUrl}/settings`);
    await poll(() => reason(page).textContent()).toMatch(/user-level/i);
    expect(await toggle(page).isDisabled()).toBe(true);
    const switchReason = await reason(page).textContent();
    expect(await toggle(page).getAttribute('aria-describedby')).toBe(await reason(page).getAttribute('id'));

    // Adding a user-level server makes the switch available again.
    await page.getByLabel('Name (slug)').fill('slack');
    await page.getByLabel('Display name').fill('Slack');
    await page.getByLabel('MCP URL').fill(`${stack.slack.url}/mcp`);
    await page.getByLabel('Auth level', { exact: true }).selectOption('user');
    await page.getByRole('button', { name: 'Add server' }).click();
    await poll(() => toggle(page).isDisabled()).toBe(false);
    expect(await reason(page).count()).toBe(0);

    // Someone else removes it behind this page's back; the page still offers the switch, the navigator refuses.
    const removed = await stack.api('DELETE', '/api/projects/demo/servers/slack');
    expect(removed.status).toBe(200);
    await toggle(page).click();
    await poll(() =>
      page
        .getByRole('alert')
        .filter({ hasText: /user-level/i })
        .count(),
    ).toBe(1);
    expect(await toggle(page).getAttribute('aria-checked')).toBe('false');
    // The refusal is shown first; the page then reloads the project and disables the switch.
    await poll(() => toggle(page).isDisabled()).toBe(true);
    expect(await instanceFlag()).toBe(false);
    expect(switchReason).toMatch(/user-level/i);
    await shot(page, 'settings-04-refused', true);
    expect(browser.errors).toEqual([]);
  });

  it('adds a server, changes its auth level and removes it; the table, the notice and the default link follow; a duplicate name is refused with the reason', async () => {
    const { page } = browser;
    await page.goto(`${stack.appUrl}/settings`);
    await page.getByRole('heading', { name: 'Add a server' }).waitFor();
    const linkServers = async () => {
      const res = await stack.api('GET', '/api/projects/demo/auth-link');
      return z.object({ servers: z.array(z.string()) }).parse(res.body).servers;
    };

    await page.getByLabel('Name (slug)').fill('slack-eu');
    await page.getByLabel('Display name').fill('Slack EU');
    await page.getByLabel('MCP URL').fill(`${stack.slack.url}/mcp`);
    await page.getByLabel('Auth level', { exact: true }).selectOption('project');
    await page.getByRole('button', { name: 'Add server' }).click();
    const row = page.locator('tr[data-server="slack-eu"]');
    await row.waitFor();
    await poll(() => page.getByTestId('settings-notice').textContent()).toBe('Added Slack EU.');
    await poll(() => page.getByLabel('Auth level for Slack EU').inputValue()).toBe('project');
    // The table reloads after the notice shows: wait for it rather than reading it at once.
    await poll(() => row.locator('td[data-label="Shared credential"]').textContent()).toBe('Missing');
    expect(await linkServers()).not.toContain('slack-eu');
    // The form is cleared for the next one.
    expect(await page.getByLabel('Name (slug)').inputValue()).toBe('');

    await page.getByLabel('Auth level for Slack EU').selectOption('user');
    await poll(() => page.getByTestId('settings-notice').textContent()).toBe('Slack EU now uses User-level auth.');
    // The table reloads after the notice shows: wait for it rather than reading it at once.
    await poll(() => row.locator('td[data-label="Shared credential"]').textContent()).toBe('Not used');
    expect(await linkServers()).toContain('slack-eu');
    // With a user-level server again, the switch can be turned on.
    await poll(() => toggle(page).isDisabled()).toBe(false);
    await shot(page, 'settings-05-server-added', true);

    // Keyboard only: Tab from the page navigation to the switch, Space turns it on, the focus ring shows.
    await page.getByRole('link', { name: 'Settings' }).focus();
    const switchFocused = () => toggle(page).evaluate((el) => el === document.activeElement);
    for (let i = 0; i < 10 && !(await switchFocused()); i++) await page.keyboard.press('Tab');
    expect(await switchFocused()).toBe(true);
    await page.keyboard.press('Space');
    await poll(() => toggle(page).getAttribute('aria-checked')).toBe('true');
    expect(await instanceFlag()).toBe(true);
    // Focus stays on the switch through the request, with a visible ring.
    expect(await switchFocused()).toBe(true);
    expect(await toggle(page).evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await shot(page, 'settings-06-keyboard-switch');

    // A name already in use: the navigator refuses and the page says why, nothing is added.
    await page.getByLabel('Name (slug)').fill('linear');
    await page.getByLabel('Display name').fill('Linear again');
    await page.getByLabel('MCP URL').fill(`${stack.linear.url}/mcp`);
    await page.getByRole('button', { name: 'Add server' }).click();
    await poll(() => page.getByTestId('settings-notice').textContent()).toMatch(/^Could not add the server: .*linear/i);
    expect(await page.getByTestId('settings-notice').getAttribute('class')).toContain('error');
    expect(await page.locator('tr[data-server="linear"]').count()).toBe(1);

    await page.getByRole('button', { name: 'Remove Slack EU' }).click();
    await page.getByRole('dialog', { name: 'Remove Slack EU?' }).getByRole('button', { name: 'Yes, remove' }).click();
    await poll(() => row.count()).toBe(0);
    // It was the only user-level server: the switch goes off again (B7).
    await poll(() => page.getByTestId('settings-notice').textContent()).toContain(
      'In-Chat Authentication was switched off on demo',
    );
    expect(await toggle(page).getAttribute('aria-checked')).toBe('false');
    expect(await linkServers()).not.toContain('slack-eu');
    expect(browser.errors).toEqual([]);
  });
});
