/**
 * The mock Slack and Linear pages in Chromium (issue 16): a presenter keeps mock Linear's page open
 * while the chat creates an issue; the page shows it without a reload by hand, and the chat's tool
 * card links straight to it. Mock Slack's page shows its channels and messages.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBrowser, poll, ROOT, shot, signInOnChatPage } from './browser.js';
import { browserSuite } from './stack.js';

const FIRST = 'Can you check my Slack messages and create a Linear issue?';

const suite = browserSuite();

describe('mock service pages', () => {
  it('mock Linear shows an issue the chat just created, live, and the tool card links to it', async () => {
    await suite.stack.connect('carol', ['slack', 'linear']);
    const b = await openBrowser();
    suite.track(b);
    const { page, context } = b;

    // The presenter's second tab: mock Linear, already open.
    const linear = await context.newPage();
    await linear.goto(`${suite.stack.linear.url}/`);
    await linear.getByRole('heading', { name: /Engineering/ }).waitFor();
    const rowsBefore = await linear.locator('tr.issue').count();
    expect(rowsBefore).toBeGreaterThan(0);

    await signInOnChatPage(page, suite.stack.appUrl, 'carol');
    await page.getByLabel('Message').fill(FIRST);
    await page.keyboard.press('Enter');
    const link = page.getByTestId('tool-card').filter({ hasText: 'create_issue' }).getByTestId('created-link');
    await link.waitFor({ timeout: 30_000 });
    const created = (await suite.stack.linearState()).createdIssues[0];
    const id = String(created?.['id']);
    expect(await link.textContent()).toContain(`Open ${id}`);
    expect(await link.getAttribute('href')).toBe(`${suite.stack.linear.url}/#${id}`);
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await shot(page, 'mock-01-chat-created-link');

    // The open Linear tab refreshes itself and now lists the issue, with its state and assignee.
    await poll(() => linear.locator(`tr#${id}`).count(), 20_000).toBe(1);
    expect(await linear.locator('tr.issue').count()).toBe(rowsBefore + 1);
    expect(await linear.locator(`tr#${id} .state`).textContent()).toBe('Todo');

    // The tool card's link opens the issue's row, highlighted.
    const [opened] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(`${suite.stack.linear.url}/#${id}`);
    await poll(() => opened.evaluate(() => document.querySelector(':target')?.id ?? '')).toBe(id);
    // Tall enough that the README shot shows the header and the whole Engineering team with the new row.
    await opened.setViewportSize({ width: 1280, height: 1000 });
    await opened.evaluate(() => window.scrollTo(0, 0));
    const shotPath = await shot(opened, 'mock-02-linear-page');
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(ROOT, 'docs'), { recursive: true });
      copyFileSync(shotPath, join(ROOT, 'docs/screenshot-mock-linear.png'));
    }
    expect(b.errors).toEqual([]);
  });

  it('mock Slack shows its channels and messages', async () => {
    const b = await openBrowser();
    suite.track(b);
    await b.page.goto(`${suite.stack.slack.url}/`);
    await b.page.getByRole('heading', { name: '# general' }).waitFor();
    const nav = b.page.getByRole('navigation', { name: 'Channels' });
    expect(await nav.getByRole('link').count()).toBeGreaterThan(1);
    expect(await b.page.locator('article.msg').count()).toBeGreaterThan(3);
    await shot(b.page, 'mock-03-slack-page');
  });
});
