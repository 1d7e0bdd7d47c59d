/**
 * The web app's bytes over the wire, per route, from the running server: a fresh production build
 * (so the figure is for the current source; dist/web is left alone) served by the real agent server,
 * each route loaded by Chromium as a signed-in user, and every script and stylesheet the page
 * downloaded counted as the server sent it (encoded body bytes, with the Content-Encoding it chose).
 * Each of those URLs is then fetched again with a browser's full Accept-Encoding (`br`) and with
 * gzip only, so the table shows both encodings whatever Chromium negotiates over plain http.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../kit/chromium.js';
import { startAgentServer } from '../server/agent/app.js';

export const ROUTES = ['/', '/settings', '/viewer'] as const;
/** What Chromium sends over https; over plain http it may leave `br` out. */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

export interface AssetBytes {
  url: string;
  kind: 'js' | 'css';
  /** Encoded bytes Chromium received and the encoding the server chose for it. */
  chromiumBytes: number;
  chromiumEncoding: string;
  brBytes: number;
  gzipBytes: number;
  rawBytes: number;
  cacheControl: string;
}

export interface RouteBytes {
  route: string;
  assets: AssetBytes[];
  /** JavaScript totals (every script the route loaded, lazy chunks included). */
  js: { chromium: number; br: number; gzip: number; raw: number };
  css: { chromium: number; br: number; gzip: number };
}

export interface BundleResult {
  buildMs: number;
  routes: RouteBytes[];
  htmlCacheControl: string;
}

/** Asset paths index.html loads up front: module entry scripts, modulepreloads and stylesheets. */
export function firstLoadAssets(html: string): { js: string[]; css: string[] } {
  const js = new Set<string>();
  const css = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => tag.match(new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i'))?.[1];
    if (/^<script/i.test(tag)) {
      const src = attr('src');
      if (src) js.add(src);
    } else {
      const rel = attr('rel')?.toLowerCase();
      const href = attr('href');
      if (href && rel === 'modulepreload') js.add(href);
      if (href && rel === 'stylesheet') css.add(href);
    }
  }
  return { js: [...js], css: [...css] };
}

/** Bytes of the body exactly as sent (Node's fetch would decode it, so read the raw socket bytes via http). */
async function wireBytes(url: string, acceptEncoding: string): Promise<{ bytes: number; encoding: string }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') })
          : reject(new Error(`${url} answered HTTP ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function build(out: string): Promise<number> {
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const p = spawn(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'],
      {
        stdio: 'ignore',
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    p.once('error', () => resolve(-1));
    p.once('exit', resolve);
  });
  if (code !== 0 || !existsSync(join(out, 'index.html'))) throw new Error('the web build failed');
  return performance.now() - t0;
}

/** Builds, serves and measures every route; throws (the bench reports the rows as failed) when any step fails. */
export async function benchBundle(): Promise<BundleResult> {
  const out = mkdtempSync(join(tmpdir(), 'bench-web-'));
  const data = mkdtempSync(join(tmpdir(), 'bench-web-data-'));
  const executablePath = chromiumPath();
  const key = () => randomBytes(24).toString('hex');
  let agent: Awaited<ReturnType<typeof startAgentServer>> | undefined;
  const profile = mkdtempSync(join(tmpdir(), 'bench-web-profile-'));
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    const buildMs = await build(out);
    // Serving static files and sign-in need no navigator: the unreachable URL only shows as a status error in the page.
    agent = await startAgentServer({
      navigatorUrl: 'http://127.0.0.1:9',
      navigatorApiKey: key(),
      navigatorAdminKey: key(),
      sessionSecret: key(),
      webDistDir: out,
      transcriptsDir: join(data, 'transcripts'),
      log: () => {},
    });
    const base = agent.url;
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
    const signIn = await context.request.post(`${base}/api/session`, {
      data: { user: 'alice', password: 'alice' },
      headers: { origin: base },
    });
    if (!signIn.ok()) throw new Error(`sign-in answered HTTP ${signIn.status()}`);

    const routes: RouteBytes[] = [];
    for (const route of ROUTES) {
      const page = await context.newPage();
      const seen: Array<{
        url: string;
        kind: 'js' | 'css';
        done: Promise<{ bytes: number; encoding: string; cacheControl: string }>;
      }> = [];
      page.on('response', (res) => {
        const type = res.request().resourceType();
        if (type !== 'script' && type !== 'stylesheet') return;
        seen.push({
          url: res.url(),
          kind: type === 'script' ? 'js' : 'css',
          done: (async () => {
            await res.finished();
            const sizes = await res.request().sizes();
            const headers = await res.allHeaders();
            return {
              bytes: sizes.responseBodySize,
              encoding: headers['content-encoding'] ?? 'identity',
              cacheControl: headers['cache-control'] ?? '',
            };
          })(),
        });
      });
      // A fresh page with the HTTP cache bypassed, so every asset is really downloaded.
      await page.route('**/*', (r) => r.continue());
      await page.goto(`${base}${route}`, { waitUntil: 'networkidle' });
      await page.close();
      const assets: AssetBytes[] = [];
      for (const s of seen) {
        const got = await s.done;
        const br = await wireBytes(s.url, BROWSER_ACCEPT_ENCODING);
        const gzip = await wireBytes(s.url, 'gzip, deflate');
        const raw = await wireBytes(s.url, 'identity');
        if (br.encoding !== 'br')
          throw new Error(`${s.url} was sent as ${br.encoding} to Accept-Encoding: ${BROWSER_ACCEPT_ENCODING}`);
        assets.push({
          url: new URL(s.url).pathname,
          kind: s.kind,
          chromiumBytes: got.bytes,
          chromiumEncoding: got.encoding,
          brBytes: br.bytes,
          gzipBytes: gzip.bytes,
          rawBytes: raw.bytes,
          cacheControl: got.cacheControl,
        });
      }
      if (!assets.some((a) => a.kind === 'js')) throw new Error(`${route} loaded no JavaScript`);
      const of = (kind: 'js' | 'css', f: (a: AssetBytes) => number) =>
        sum(assets.filter((a) => a.kind === kind).map(f));
      routes.push({
        route,
        assets,
        js: {
          chromium: of('js', (a) => a.chromiumBytes),
          br: of('js', (a) => a.brBytes),
          gzip: of('js', (a) => a.gzipBytes),
          raw: of('js', (a) => a.rawBytes),
        },
        css: {
          chromium: of('css', (a) => a.chromiumBytes),
          br: of('css', (a) => a.brBytes),
          gzip: of('css', (a) => a.gzipBytes),
        },
      });
    }
    const html = await fetch(`${base}/`);
    return { buildMs, routes, htmlCacheControl: html.headers.get('cache-control') ?? '' };
  } finally {
    await context?.close().catch(() => undefined);
    await agent?.close().catch(() => undefined);
    for (const dir of [out, data, profile]) rmSync(dir, { recursive: true, force: true });
  }
}
