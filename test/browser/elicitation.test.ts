/**
 * The Connect card of a URL-mode elicitation, in Chromium against the whole stack (demo model) with
 * In-Chat Authentication off: the agent calls Slack, the navigator answers -32042, the chat shows
 * the elicitation as a Connect card, and its popup is the guided flow for Slack only, which
 * connects it and tells the chat page it is done.
 */
import { describe, expect, it } from 'vitest';
import { openBrowser, poll, shot, signInOnChatPage, waitForHeading } from './browser.js';
import { browserSuite } from './stack.js';

const suite = browserSuite({ inChatAuth: false });

describe('elicitation Connect card', () => {
  it('shows a -32042 elicitation as a Connect card whose popup connects that one server', async () => {
    const alice = await openBrowser();
    suite.track(alice);
    const { page, context } = alice;
    await page.goto(`${suite.stack.appUrl}/`);
    await signInOnChatPage(page, suite.stack.appUrl, 'alice');
    await page.getByLabel('Message').fill('Read #general on Slack');
    await page.keyboard.press('Enter');

    // No get_authentication_link (the feature is off): the card comes from the failed Slack call.
    const connect = page.getByRole('link', { name: 'Connect your accounts' }).first();
    await connect.waitFor();
    expect(await page.getByTestId('tool-card').filter({ hasText: 'get_authentication_link' }).count()).toBe(0);
    expect(await connect.getAttribute('href')).toMatch(
      new RegExp(`^${suite.stack.navigator.url}/auth\\?elicitation_id=`),
    );
    await shot(page, 'elicitation-01-card');

    const [popup] = await Promise.all([context.waitForEvent('page'), connect.click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toContain(`${suite.stack.navigator.url}/auth?elicitation_id=`);
    await popup.getByLabel('User').fill('alice');
    await popup.getByLabel('Password').fill('alice');
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await waitForHeading(popup, 'Connect your accounts');
    // Only the server the elicitation is for.
    expect(await popup.getByRole('button', { name: /^Connect / }).count()).toBe(1);
    await popup.getByRole('button', { name: 'Connect Slack' }).click();
    await popup.waitForURL(`${suite.stack.slack.url}/**`);
    await popup.locator('input[name="account"][value="alice"]').check();
    await popup.getByRole('button', { name: 'Allow' }).click();
    await waitForHeading(popup, /All done/);
    await shot(popup, 'elicitation-02-done');

    // The popup told the chat page: the side panel shows Slack connected without a reload.
    await poll(() => page.getByTestId('server-list').locator('[data-server="slack"]').getAttribute('data-state')).toBe(
      'connected',
    );
    await popup.close();
  });
});
