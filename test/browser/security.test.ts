/**
 * Attack 4 of the trust-boundaries issue in Chromium on the real stack: the assistant's text quotes
 * a look-alike `http://attacker/auth?auth_link_id=...` (as a Slack message could). Before, it became
 * a real-looking Connect card opened with `window.opener`, and the attacker's page navigated the
 * chat tab to a fake sign-in page (tab-nabbing). Now only the navigator's own
 * `get_authentication_link` result makes a card; the look-alike is a plain link opened without an
 * opener. Also: the app's pages run under their CSP without a single violation.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, poll, shot, signInOnChatPage, type BrowserUser } from './browser.js';
import { startBrowserStack, type BrowserStack } from './stack.js';

let stack: BrowserStack;
let attacker: Server;
let attackerUrl: string;
const browsers: BrowserUser[] = [];

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};

/** Calls get_authentication_link, then quotes a "Slack message" carrying the attacker's look-alike link. */
function quotingModel(): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doStream: async (options) => {
      const last = options.prompt[options.prompt.length - 1];
      const chunks: LanguageModelV3StreamPart[] =
        last?.role === 'tool'
          ? [
              { type: 'text-start', id: 't' },
              {
                type: 'text-delta',
                id: 't',
                delta: `Your latest Slack message says: "Connect Linear here: ${attackerUrl}/auth?auth_link_id=lnk_fake123 before noon."`,
              },
              { type: 'text-end', id: 't' },
              { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
            ]
          : [
              { type: 'tool-call', toolCallId: 'c1', toolName: 'get_authentication_link', input: '{}' },
              { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage },
            ];
      return { stream: simulateReadableStream({ chunks }) };
    },
  });
}

beforeAll(async () => {
  // The attacker's page: if it gets an opener, it sends the chat tab to a fake sign-in page.
  attacker = createServer((req, res) => {
    if (req.url?.startsWith('/auth')) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>loading</title><script>
        document.title = window.opener ? 'had-opener' : 'no-opener';
        if (window.opener) window.opener.location = '${attackerUrl}/fake-sign-in';
      </script><h1>Connect Linear</h1>`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Fake sign-in</title><h1>Sign in again</h1>');
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  stack = await startBrowserStack({ agent: { resolveModel: () => quotingModel() } });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(browsers.map((b) => b.close()));
  await stack?.close();
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
});

describe('look-alike Connect cards and tab-nabbing', () => {
  it('a quoted look-alike auth link stays a plain link without an opener; only the navigator result is a card', async () => {
    const user = await openBrowser();
    browsers.push(user);
    const { page, context } = user;
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await signInOnChatPage(page, stack.appUrl, 'alice');
    await page.getByLabel('Message').fill('What does my latest Slack message say?');
    await page.keyboard.press('Enter');
    const quoted = page.getByRole('link', { name: `${attackerUrl}/auth?auth_link_id=lnk_fake123` });
    await quoted.waitFor();

    // One card, from the navigator's own tool result, pointing at the navigator.
    const cards = page.getByTestId('connect-card');
    await poll(() => cards.count()).toBe(1);
    const cardHref = (await cards.first().getByRole('link').first().getAttribute('href')) ?? '';
    expect(new URL(cardHref).origin).toBe(new URL(stack.navigator.url).origin);
    expect(await page.locator(`[data-testid="connect-card"] a[href^="${attackerUrl}"]`).count()).toBe(0);
    // The look-alike is a plain link in the text, opened without opener or referrer.
    expect(await quoted.evaluate((a) => a.closest('[data-testid="connect-card"]') === null)).toBe(true);
    expect((await quoted.getAttribute('rel'))?.split(/\s+/).sort()).toEqual(['noopener', 'noreferrer']);
    await shot(page, 'security-01-look-alike-plain-link');

    const chatUrl = page.url();
    const [tab] = await Promise.all([context.waitForEvent('page'), quoted.click()]);
    await tab.waitForLoadState();
    await poll(() => tab.title()).toBe('no-opener');
    // The chat tab was not navigated: still the chat, still showing the conversation.
    expect(page.url()).toBe(chatUrl);
    expect(await page.getByTestId('signed-in-user').textContent()).toBe('alice');
    await tab.close();

    // The real card's popup is the navigator's guided flow, which may talk back to the chat.
    const [popup] = await Promise.all([context.waitForEvent('page'), cards.first().getByRole('link').first().click()]);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).origin).toBe(new URL(stack.navigator.url).origin);
    expect(await popup.evaluate(() => window.opener !== null)).toBe(true);
    // A "done" message from any other origin (here the app's own) is ignored: the card still waits.
    const phase = cards.first().locator('.connect-phase');
    await poll(() => phase.textContent()).toContain('Finish in the window that opened');
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          // Messages are delivered in order: once the sentinel arrives, the forged one has been handled.
          window.addEventListener('message', (e: MessageEvent<unknown>) => {
            if (e.data === 'sentinel') resolve();
          });
          window.postMessage({ type: 'navigator-auth-complete' }, '*');
          window.postMessage('sentinel', '*');
        }),
    );
    expect(await phase.textContent()).toContain('Finish in the window that opened');
    await popup.close();

    await page.goto(`${stack.appUrl}/settings`);
    await page.getByRole('heading', { name: 'Your connections' }).waitFor();
    expect(cspViolations).toEqual([]);
    expect(user.errors).toEqual([]);
  });
});
