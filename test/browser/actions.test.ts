/**
 * Message actions (issue 16) in Chromium against the whole stack, with the demo model's pauses on a
 * manual clock so a reply is held mid-stream when Stop is pressed: stop generating, copy an answer,
 * regenerate the last answer (which replaces it, also in the stored conversation).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { manualClock } from '../../server/shared/clock.js';
import { openBrowser, poll, shot, signInOnChatPage, type BrowserUser } from './browser.js';
import { startBrowserStack, type BrowserStack } from './stack.js';

const FIRST = 'Can you check my Slack messages and create a Linear issue?';

let stack: BrowserStack;
const browsers: BrowserUser[] = [];
// The demo model waits 150 ms (on this clock) between three-word chunks: the answer streams only as the clock moves.
const clock = manualClock();

/** Moves the clock one chunk pause every 5 ms (real time) until stopped: the answer streams fast. */
function stream(): () => void {
  const t = setInterval(() => clock.advance(150), 5);
  return () => clearInterval(t);
}

beforeAll(async () => {
  stack = await startBrowserStack({ agent: { demoChunkDelayMs: 150, clock } });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(browsers.map((b) => b.close()));
  await stack?.close();
});

const answerText = (page: Page) =>
  page
    .getByTestId('assistant-message')
    .last()
    .locator('.rich-text')
    .allTextContents()
    .then((t) => t.join('\n'));

describe('message actions', () => {
  it('stops generating, regenerates the last answer, and copies an answer', async () => {
    const alice = await openBrowser();
    browsers.push(alice);
    const { page, context } = alice;
    await signInOnChatPage(page, stack.appUrl, 'alice');
    await page.getByLabel('Message').fill(FIRST);
    await page.keyboard.press('Enter');

    // Stop while the answer is streaming: the composer is ready again and the answer stays cut short.
    // One chunk pause at a time until text shows; then the clock stands still, so the answer is held mid-stream.
    while ((await answerText(page)).length === 0) {
      await clock.whenPending(1);
      clock.advance(150);
      await new Promise((r) => setTimeout(r, 20));
    }
    await page.getByRole('button', { name: 'Stop generating' }).click();
    await page.getByRole('button', { name: 'Send' }).waitFor();
    const stopped = await answerText(page);
    await shot(page, 'actions-01-stopped');

    // Regenerate the last answer: one answer, a new message, this time complete.
    const before = await page.getByTestId('assistant-message').last().getAttribute('data-message-id');
    await page.getByRole('button', { name: 'Regenerate answer' }).click();
    await page.getByRole('button', { name: 'Stop generating' }).waitFor();
    const regenerating = stream();
    await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 60_000 });
    regenerating();
    const full = await answerText(page);
    expect(full.startsWith(stopped.trim().split(/\s+/).slice(0, -1).join(' '))).toBe(true);
    expect(full.length).toBeGreaterThan(stopped.length);
    expect(await page.getByTestId('assistant-message').count()).toBe(1);
    expect(await page.getByTestId('assistant-message').last().getAttribute('data-message-id')).not.toBe(before);
    // Only the last answer offers Regenerate.
    expect(await page.getByRole('button', { name: 'Regenerate answer' }).count()).toBe(1);

    // The stored conversation holds the regenerated answer, not the stopped one.
    const id = new URL(page.url()).searchParams.get('c') ?? '';
    const stored = (await (await page.request.get(`${stack.appUrl}/api/conversations/${id}`)).json()) as {
      messages: Array<{ role: string }>;
    };
    expect(stored.messages.map((m) => m.role)).toEqual(['user', 'assistant']);

    // Copy puts the answer's text on the clipboard and says so.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.appUrl });
    await page.getByRole('button', { name: 'Copy answer' }).click();
    await poll(() => page.locator('.action-status').first().textContent()).toBe('Copied');
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toContain("haven't connected your Slack and Linear");
    expect(full.replace(/\s+/g, ' ')).toContain(clip.replace(/\s+/g, ' ').slice(0, 60));
    await shot(page, 'actions-02-copied');
    expect(alice.errors).toEqual([]);
  });
});
