/**
 * Conversations that survive (issue 16) in Chromium against the whole stack: the open conversation
 * comes back after a reload, after Chat → Settings → Chat, and after Back; the history list opens,
 * switches and deletes conversations; another user never sees them.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, poll, shot, signInOnChatPage } from './browser.js';
import { browserSuite } from './stack.js';

const FIRST = 'Can you check my Slack messages and create a Linear issue?';
const SECOND = 'What can you do for me?';

const suite = browserSuite();

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message').fill(text);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Send' }).waitFor();
}

const conversationInUrl = (page: Page) => new URL(page.url()).searchParams.get('c');
const userBubbles = (page: Page) => page.getByTestId('user-message').locator('.bubble').allTextContents();
const history = (page: Page) => page.getByTestId('history-list');

describe('conversation history', () => {
  it('keeps the open conversation, with its tool cards, after a reload, Chat → Settings → Chat, and Back', async () => {
    const alice = await openBrowser();
    suite.track(alice);
    const { page } = alice;
    await signInOnChatPage(page, suite.stack.appUrl, 'alice');
    await send(page, FIRST);
    await page.getByRole('link', { name: 'Connect Slack and Linear' }).first().waitFor();
    const id = conversationInUrl(page);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // The history lists it (title = the first message), marked as the open one.
    const entry = history(page).locator(`[data-conversation="${id}"] .history-open`);
    await poll(() => entry.textContent()).toContain(FIRST);
    expect(await entry.getAttribute('aria-current')).toBe('true');
    await shot(page, 'history-01-first-turn');

    // Reload: the thread comes back from the server, tool card and Connect card included, and the
    // resumed conversation's old navigator session is closed, so its next turn opens a new one.
    expect(suite.stack.agent.sessions.ownerOf(id ?? '')).toBe('alice');
    await page.reload();
    await poll(() => suite.stack.agent.sessions.ownerOf(id ?? '')).toBeUndefined();
    await poll(() => userBubbles(page)).toEqual([FIRST]);
    await poll(() => page.getByTestId('tool-card').first().getAttribute('data-tool')).toBe('get_authentication_link');
    await page.getByRole('link', { name: 'Connect Slack and Linear' }).first().waitFor();
    expect(conversationInUrl(page)).toBe(id);

    // Chat → Settings → Chat through the header links (the Chat link has no id in it).
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${suite.stack.appUrl}/settings`);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Chat' }).click();
    await poll(() => userBubbles(page)).toEqual([FIRST]);
    expect(conversationInUrl(page)).toBe(id);

    // Settings, then the browser's Back button.
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${suite.stack.appUrl}/settings`);
    await page.goBack();
    await poll(() => userBubbles(page)).toEqual([FIRST]);
    expect(conversationInUrl(page)).toBe(id);
    await shot(page, 'history-02-after-back');
    expect(alice.errors).toEqual([]);
  });

  it('opens, switches (Back returns to the previous one) and deletes conversations from the history list', async () => {
    const bob = await openBrowser();
    suite.track(bob);
    const { page } = bob;
    await signInOnChatPage(page, suite.stack.appUrl, 'bob');
    await send(page, FIRST);
    const first = conversationInUrl(page);

    await page.getByRole('button', { name: 'New conversation' }).click();
    await poll(() => page.getByTestId('user-message').count()).toBe(0);
    const second = conversationInUrl(page);
    expect(second).not.toBe(first);
    await send(page, SECOND);
    await poll(() => history(page).locator('.history-title').allTextContents()).toEqual([SECOND, FIRST]);

    // Open the first one from the list; Back goes to the second again.
    await history(page)
      .getByRole('button', { name: new RegExp(`^${FIRST.slice(0, 20)}`) })
      .click();
    await poll(() => userBubbles(page)).toEqual([FIRST]);
    expect(conversationInUrl(page)).toBe(first);
    await page.goBack();
    await poll(() => userBubbles(page)).toEqual([SECOND]);
    expect(conversationInUrl(page)).toBe(second);

    // A reopened conversation takes new turns: its next turn runs on a new navigator session.
    await history(page)
      .getByRole('button', { name: new RegExp(`^${FIRST.slice(0, 20)}`) })
      .click();
    await poll(() => userBubbles(page)).toEqual([FIRST]);
    await send(page, FIRST);
    await poll(() => userBubbles(page)).toEqual([FIRST, FIRST]);
    await poll(() => page.getByTestId('assistant-message').count()).toBe(2);
    await shot(page, 'history-03-two-conversations');

    // Delete the open one: it leaves the list and a new, empty conversation opens.
    await history(page)
      .getByRole('button', { name: `Delete conversation: ${FIRST}` })
      .click();
    await poll(() => history(page).locator('.history-title').allTextContents()).toEqual([SECOND]);
    await poll(() => page.getByTestId('user-message').count()).toBe(0);
    expect(conversationInUrl(page)).not.toBe(first);
    const gone = await page.request.get(`${suite.stack.appUrl}/api/conversations/${first ?? ''}`);
    expect(gone.status()).toBe(404);
    expect(bob.errors).toEqual([]);
  });

  it('another user never sees the conversations: not in the list, and their URL opens a new one', async () => {
    const dave = await openBrowser();
    suite.track(dave);
    await signInOnChatPage(dave.page, suite.stack.appUrl, 'alice');
    await send(dave.page, SECOND);
    const alices = conversationInUrl(dave.page);

    const carol = await openBrowser();
    suite.track(carol);
    await signInOnChatPage(carol.page, suite.stack.appUrl, 'carol');
    await poll(() => carol.page.getByTestId('history-list').locator('li').count()).toBe(0);
    await carol.page.goto(`${suite.stack.appUrl}/?c=${alices ?? ''}`);
    await poll(() => carol.page.getByRole('status').filter({ hasText: 'belongs to another user' }).count()).toBe(1);
    expect(await carol.page.getByTestId('user-message').count()).toBe(0);
    expect(conversationInUrl(carol.page)).not.toBe(alices);
    const direct = await carol.page.request.get(`${suite.stack.appUrl}/api/conversations/${alices ?? ''}`);
    expect(direct.status()).toBe(403);
  });
});
