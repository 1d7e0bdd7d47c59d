/**
 * Readability checks in Chromium on the real stack (demo model): the chat and settings pages at
 * 360 px wide and on a 1920 px screen, dark mode, and a long model label in the side panel. Each
 * check measures the rendered page (no sideways scrolling, controls inside the viewport, colors)
 * and saves a screenshot. The long-label model points at a closed port, which also shows the
 * model error in the conversation.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, poll, shot, signInOnChatPage, type BrowserUser } from './browser.js';
import { startBrowserStack, type BrowserStack } from './stack.js';

const FIRST = 'Can you check my Slack messages and create a Linear issue?';
// What an Ollama model looks like in the picker: long enough that a select cuts it off.
const LIVE_MODEL = 'openai:llama3.1:8b-instruct-q4_K_M';
let liveLabel = '';

let stack: BrowserStack;
const browsers: BrowserUser[] = [];

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

beforeAll(async () => {
  const host = `127.0.0.1:${await closedPort()}`;
  liveLabel = `llama3.1:8b-instruct-q4_K_M (OpenAI-compatible, ${host})`;
  stack = await startBrowserStack({ agent: { models: [LIVE_MODEL], openai: { baseURL: `http://${host}/v1` } } });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(browsers.map((b) => b.close()));
  await stack?.close();
});

async function browser(width: number, height: number): Promise<BrowserUser & { errors: string[] }> {
  const b = await openBrowser({ width, height });
  browsers.push(b);
  return b;
}

/** The page scrolls only vertically: nothing is wider than the viewport. */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The element's box lies inside the viewport horizontally. */
async function insideViewport(locator: Locator, page: Page): Promise<boolean> {
  const box = await locator.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  return box !== null && box.x >= 0 && box.x + box.width <= width + 0.5;
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message').fill(text);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Send' }).waitFor({ timeout: 30_000 });
}

/** Relative luminance (0 black .. 1 white) of a CSS rgb() color. */
function luminance(rgb: string): number {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

describe('layout', () => {
  it('the settings page is readable at 360 px: no sideways scrolling, tables stacked, every control on screen', async () => {
    const { page, errors } = await browser(360, 740);
    // The navigator settings are for the admin (a user's Settings page shows their own connections).
    await signInOnChatPage(page, stack.appUrl, 'admin');
    await page.goto(`${stack.appUrl}/settings`);
    const toggle = page.getByRole('switch', { name: 'In-Chat Authentication' });
    await poll(() => toggle.getAttribute('aria-checked')).toBe('true');

    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // Tables become one card per row: no column headers, each cell labeled.
    expect(await page.locator('thead').first().isVisible()).toBe(false);
    for (const control of [
      toggle,
      page.getByRole('link', { name: 'Preview authentication page' }),
      page.getByRole('button', { name: 'Copy' }),
      page.getByLabel('Default authentication link'),
      page.getByLabel('Auth level for Linear'),
      page.getByRole('button', { name: 'Remove Linear' }),
      page.getByRole('button', { name: 'Add server' }),
      page.getByLabel('MCP URL'),
    ]) {
      expect(await insideViewport(control, page), await control.evaluate((el) => el.outerHTML.slice(0, 80))).toBe(true);
    }
    // The URL cells wrap instead of pushing the card wider.
    expect(
      await page
        .locator('tr[data-server="slack"] td[data-label="MCP URL"]')
        .evaluate((el) => el.scrollWidth <= el.clientWidth),
    ).toBe(true);
    await shot(page, 'layout-01-settings-360', true);
    expect(errors).toEqual([]);
  });

  it('the chat page is readable at 360 px: the Connect card, tool card and composer fit', async () => {
    const { page, errors } = await browser(360, 740);
    await signInOnChatPage(page, stack.appUrl, 'bob');
    await send(page, FIRST);
    const connect = page.getByRole('link', { name: 'Connect Slack and Linear' }).first();
    await connect.waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await insideViewport(connect, page)).toBe(true);
    expect(
      await insideViewport(
        page
          .getByTestId('tool-card')
          .first()
          .getByRole('button', { name: /Details/ }),
        page,
      ),
    ).toBe(true);
    expect(await insideViewport(page.getByRole('button', { name: 'Send' }), page)).toBe(true);
    // The placeholder fits on one line of the composer.
    const composer = page.getByLabel('Message');
    expect(await composer.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    await connect.scrollIntoViewIfNeeded();
    await shot(page, 'layout-02-chat-360');
    expect(errors).toEqual([]);
  });

  it('on a wide screen the conversation stays a readable column centered in its pane', async () => {
    const { page, errors } = await browser(1920, 1080);
    await signInOnChatPage(page, stack.appUrl, 'carol');
    await send(page, FIRST);
    await page.getByRole('link', { name: 'Connect Slack and Linear' }).first().waitFor();
    const list = await page.locator('.message-list').boundingBox();
    const pane = await page.locator('.messages').boundingBox();
    if (!list || !pane) throw new Error('conversation not rendered');
    expect(list.width).toBeLessThanOrEqual(760);
    expect(Math.abs(list.x - pane.x - (pane.x + pane.width - (list.x + list.width)))).toBeLessThan(24);
    // The composer lines up with that column instead of spanning the whole pane.
    const composer = await page.locator('.composer').boundingBox();
    const input = await page.getByLabel('Message').boundingBox();
    if (!composer || !input) throw new Error('composer not rendered');
    expect(Math.abs(input.x - list.x)).toBeLessThan(24);
    expect(input.width).toBeLessThan(760);
    await shot(page, 'layout-03-chat-wide');

    // A user's Settings page: their own connections.
    await page.goto(`${stack.appUrl}/settings`);
    await page.getByTestId('connections').locator('li[data-server="slack"]').waitFor();
    const main = await page.locator('main').boundingBox();
    if (!main) throw new Error('settings not rendered');
    expect(main.width).toBeLessThanOrEqual(1100);
    expect(Math.abs(main.x + main.width / 2 - 960)).toBeLessThan(2);
    await shot(page, 'layout-04-settings-wide');
    expect(errors).toEqual([]);
  });

  it('follows the system dark mode with readable contrast on the chat and settings pages', async () => {
    const { page, errors } = await browser(1280, 860);
    await page.emulateMedia({ colorScheme: 'dark' });
    await signInOnChatPage(page, stack.appUrl, 'alice');
    await send(page, FIRST);
    const connect = page.getByRole('link', { name: 'Connect Slack and Linear' }).first();
    await connect.waitFor();
    const colors = await page.evaluate(() => {
      const css = (sel: string, prop: string) => {
        const el = document.querySelector(sel);
        return el ? getComputedStyle(el).getPropertyValue(prop) : '';
      };
      return {
        body: css('body', 'background-color'),
        text: css('body', 'color'),
        button: css('.connect-card .button.primary', 'background-color'),
        buttonText: css('.connect-card .button.primary', 'color'),
        muted: css('.server-hint', 'color'),
        panel: css('.side-panel', 'background-color'),
      };
    });
    expect(luminance(colors.body)).toBeLessThan(0.05);
    expect(contrast(colors.text, colors.body)).toBeGreaterThanOrEqual(7);
    expect(contrast(colors.button, colors.buttonText)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colors.muted, colors.panel)).toBeGreaterThanOrEqual(4.5);
    await page.mouse.move(1, 1);
    await shot(page, 'layout-05-chat-dark');

    // A user's Settings page: their own connections.
    await page.goto(`${stack.appUrl}/settings`);
    await page.getByTestId('connections').locator('li[data-server="slack"]').waitFor();
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(luminance(bg)).toBeLessThan(0.05);
    await shot(page, 'layout-06-settings-dark', true);
    expect(errors).toEqual([]);
  });

  it('shows a long model label in full under the model picker; an unreachable model shows the model error with what to do next', async () => {
    const { page, errors } = await browser(1280, 860);
    await signInOnChatPage(page, stack.appUrl, 'alice');
    const select = page.getByLabel('Model in use');
    await poll(() => select.locator('option').count()).toBe(2);
    await select.selectOption(LIVE_MODEL);
    const detail = page.getByTestId('model-detail');
    await poll(() => detail.textContent()).toContain(liveLabel);
    expect(await page.getByTestId('offline-model-note').count()).toBe(0);
    // The select cuts the label off (its tooltip has it); the line under it shows it in full.
    expect(await select.getAttribute('title')).toBe(liveLabel);
    const panel = await page.locator('.side-panel').boundingBox();
    const box = await detail.boundingBox();
    if (!panel || !box) throw new Error('side panel not rendered');
    expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
    await shot(page, 'layout-07-long-model-label');

    // Nothing answers at that address: the conversation says the model failed and what to do next.
    await page.getByLabel('Message').fill('Which Slack channels do I have?');
    await page.keyboard.press('Enter');
    const error = page.getByTestId('chat-error');
    await poll(() => error.textContent(), 30_000).toContain('The model could not answer');
    expect(await error.textContent()).toContain('switch to the offline demo model');
    expect(await error.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
    // No empty assistant bubble above the error.
    expect(await page.getByTestId('assistant-message').count()).toBe(0);
    await shot(page, 'error-03-model');

    // Back to the offline model, labeled as such; Retry now gets an answer.
    await select.selectOption('demo');
    await poll(() => page.getByTestId('offline-model-note').textContent()).toContain('Offline demo model');
    await error.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('tool-card').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('chat-error').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
