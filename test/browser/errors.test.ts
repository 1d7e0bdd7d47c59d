/**
 * Failures shown in the conversation with what to do next, in Chromium on the real stack: the
 * navigator going away mid-conversation, then the app server itself (a network error). Also
 * checks the page can be driven by keyboard alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('chat errors', () => {
  it('can be used with the keyboard alone: sign in, send a message, open a tool card', async () => {
    const { page } = browser;
    await page.goto(`${stack.appUrl}/`);
    await page.getByLabel('User').waitFor();
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // brand
    for (let i = 0; i < 6 && !(await page.getByLabel('User').evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    expect(await page.getByLabel('User').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('alice');
    await page.keyboard.press('Enter');
    await page.getByTestId('signed-in-user').waitFor();

    await page.getByLabel('Message').focus();
    await page.keyboard.type('Which Slack channels do I have?');
    await page.keyboard.press('Enter');
    const card = page.getByTestId('tool-card').first();
    await card.waitFor();
    const details = card.locator('button[aria-expanded]');
    await details.focus();
    await page.keyboard.press('Enter');
    await poll(() => details.getAttribute('aria-expanded')).toBe('true');
    expect(await card.locator('.tool-card-body').isVisible()).toBe(true);
    // A visible focus ring on the focused control.
    const outline = await details.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await shot(page, 'keyboard-focus');
  });

  it('shows a navigator failure in the conversation with what to do next and a Retry button', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'New conversation' }).click();
    await poll(() => page.getByTestId('user-message').count()).toBe(0);
    await stack.stopNavigator();

    await page.getByLabel('Message').fill('Which Slack channels do I have?');
    await page.keyboard.press('Enter');
    const error = page.getByTestId('chat-error');
    await poll(() => error.textContent(), 30_000).toContain('navigator');
    expect(await error.textContent()).toMatch(/Check that the navigator is running, then retry/);
    // The side panel says the servers are unavailable instead of showing stale states.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await poll(() => page.getByRole('complementary').getByRole('alert').textContent()).toContain('Status unavailable');
    await poll(() => page.getByTestId('server-list').textContent()).toContain('Unavailable');
    await shot(page, 'error-01-navigator-down');
    expect(await error.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
  });

  it('shows a network failure when the app server is gone', async () => {
    const { page } = browser;
    await stack.agent.close();
    await page.getByRole('button', { name: 'Retry' }).click();
    const error = page.getByTestId('chat-error');
    await poll(() => error.textContent(), 30_000).toContain('Could not reach the app server');
    await shot(page, 'error-02-network');
    expect(browser.errors).toEqual([]);
  });
});
