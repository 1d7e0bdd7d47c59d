/**
 * Browser-test plumbing: builds the web app when dist/web is missing or older than its sources,
 * launches Debian's Chromium through playwright-core (one browser process per test file, one fresh
 * context per user, so two contexts are two different people), and saves step screenshots under
 * test-results/browser/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../kit/chromium.js';
import { ROOT } from '../../kit/stack/web.js';

export { ensureWebBuild, ROOT, WEB_DIST } from '../../kit/stack/web.js';
export const SHOTS_DIR = join(ROOT, 'test-results/browser');

export interface BrowserUser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * One Chromium process per test worker (the browser files share this module), launched on first
 * use: a new context is a new person (own cookies and storage) at a fraction of a browser start
 * (about 0.4 s against 1.1 s per user, measured). Playwright ends the process when the worker
 * exits; a crashed browser is launched again on the next use.
 */
let shared: Promise<Browser> | undefined;
function sharedBrowser(): Promise<Browser> {
  shared ??= launch();
  return shared;
}

async function launch(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] });
  browser.on('disconnected', () => (shared = undefined));
  return browser;
}

/** A fresh browser context (its own cookies) with one page; `errors` collects uncaught page errors. */
export async function openBrowser(
  opts: { width?: number; height?: number } = {},
): Promise<BrowserUser & { errors: string[] }> {
  const browser = await sharedBrowser();
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 860 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page, errors, close: () => context.close() };
}

/** Saves a screenshot as test-results/browser/<name>.png and returns its path. */
export async function shot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = join(SHOTS_DIR, `${name}.png`);
  // A full-page shot of a scrolled page would draw the sticky header halfway down, over the content.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage });
  return path;
}

/** Signs in on the chat page's sign-in screen (demo password = user id). */
export async function signInOnChatPage(page: Page, appUrl: string, user: string): Promise<void> {
  await page.goto(`${appUrl}/`);
  await page.getByLabel('User').selectOption(user);
  await page.getByLabel('Password').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-user').filter({ hasText: user }).waitFor({ state: 'attached' });
}

/** `expect.poll` with a timeout suited to a real browser on a real stack (playwright-core has no web-first assertions). */
export function poll<T>(fn: () => Promise<T> | T, timeout = 15_000) {
  return expect.poll(fn, { timeout, interval: 100 });
}

/** Waits for a heading; on timeout the error quotes what the page shows instead (e.g. a JSON error). */
export async function waitForHeading(page: Page, name: string | RegExp, timeout = 15_000): Promise<void> {
  try {
    await page.getByRole('heading', { name }).first().waitFor({ timeout });
  } catch {
    const body = await page
      .locator('body')
      .innerText()
      .catch(() => '(no body)');
    throw new Error(`expected heading ${String(name)} on ${page.url()}, the page shows: ${body.slice(0, 400)}`);
  }
}
