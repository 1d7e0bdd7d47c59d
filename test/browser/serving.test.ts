/**
 * The web app as served (issue 16), measured in Chromium from the real agent server: every script
 * and stylesheet arrives compressed, the chat's first load is at most 100 KB of JavaScript as
 * downloaded, hashed assets are cached for a year as immutable and the HTML is revalidated; settings
 * and the viewer are separate chunks the chat does not load. Then the same URLs asked for with
 * brotli and gzip over plain HTTP get the precompressed files.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, signInOnChatPage, type BrowserUser } from './browser.js';
import { browserSuite } from './stack.js';

const suite = browserSuite();

interface Loaded {
  path: string;
  type: string;
  encoding: string | undefined;
  cacheControl: string | undefined;
  bytes: number;
}

/** Loads `path` in a fresh page with the cache off and records every script and stylesheet response. */
async function load(b: BrowserUser, path: string, ready: (page: Page) => Promise<void>): Promise<Loaded[]> {
  const page = await b.context.newPage();
  await page.route('**/*', (r) => r.continue()); // routing turns the HTTP cache off: every byte is downloaded
  const pending: Array<Promise<Loaded>> = [];
  page.on('response', (res) => {
    const type = res.request().resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    pending.push(
      (async () => {
        await res.finished();
        const headers = await res.allHeaders();
        return {
          path: new URL(res.url()).pathname,
          type,
          encoding: headers['content-encoding'],
          cacheControl: headers['cache-control'],
          bytes: (await res.request().sizes()).responseBodySize,
        };
      })(),
    );
  });
  await page.goto(`${suite.stack.appUrl}${path}`);
  await ready(page);
  await page.waitForLoadState('networkidle');
  const out = await Promise.all(pending);
  await page.close();
  return out;
}

function raw(
  path: string,
  acceptEncoding: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${suite.stack.appUrl}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving the web app', () => {
  it('sends the chat compressed, at most 100 KB of JavaScript on first load, hashed assets immutable, HTML no-cache', async () => {
    const b = await openBrowser();
    suite.track(b);
    await signInOnChatPage(b.page, suite.stack.appUrl, 'alice');
    const chat = await load(b, '/', (p) => p.getByLabel('Message').waitFor());
    const scripts = chat.filter((a) => a.type === 'script');
    expect(scripts.length).toBeGreaterThan(0);
    for (const a of chat) {
      expect(a.encoding, a.path).toBe('br');
      expect(a.cacheControl, a.path).toBe('public, max-age=31536000, immutable');
    }
    const jsBytes = scripts.reduce((n, a) => n + a.bytes, 0);
    expect(jsBytes).toBeGreaterThan(10_000);
    expect(jsBytes).toBeLessThanOrEqual(100 * 1024);
    // Settings and the viewer are their own chunks, not part of the chat's load.
    expect(scripts.some((a) => /SettingsPage|ViewerPage/.test(a.path))).toBe(false);
    const viewer = await load(b, '/viewer', (p) => p.getByRole('heading', { name: 'Scenario viewer' }).waitFor());
    expect(viewer.some((a) => a.path.includes('ViewerPage'))).toBe(true);

    const html = await fetch(`${suite.stack.appUrl}/`);
    expect(html.headers.get('cache-control')).toBe('no-cache');
    const spaRoute = await fetch(`${suite.stack.appUrl}/viewer?report=x`);
    expect(spaRoute.headers.get('cache-control')).toBe('no-cache');
    expect(await spaRoute.text()).toContain('<div id="root">');
    expect(b.errors).toEqual([]);
  });

  it('answers brotli, gzip or plain by Accept-Encoding from the precompressed files; an unknown asset is a 404, not the page', async () => {
    const index = await (await fetch(`${suite.stack.appUrl}/`)).text();
    const entry = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1] ?? '';
    expect(entry).not.toBe('');
    const br = await raw(entry, 'gzip, deflate, br, zstd');
    const gz = await raw(entry, 'gzip, deflate');
    const plain = await raw(entry, 'identity');
    expect([br.headers['content-encoding'], gz.headers['content-encoding'], plain.headers['content-encoding']]).toEqual(
      ['br', 'gzip', undefined],
    );
    for (const r of [br, gz, plain]) {
      expect(r.headers['vary']).toMatch(/Accept-Encoding/i);
      expect(r.headers['content-type']).toMatch(/javascript/);
    }
    expect(br.bytes).toBeLessThan(gz.bytes);
    expect(gz.bytes).toBeLessThan(plain.bytes / 3);
    const missing = await raw('/assets/index-doesnotexist.js', 'br');
    expect(missing.status).toBe(404);
  });
});
