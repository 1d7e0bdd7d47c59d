/**
 * The production web bundle's first load: the entry script, its modulepreloads and stylesheets that
 * index.html names, gzipped with zlib. Builds a fresh copy into a temp directory (so the figure is for
 * the current source and dist/web is left alone); falls back to dist/web when the build fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleResult {
  source: string;
  buildMs?: number;
  firstLoadJsGzip: number;
  firstLoadCssGzip: number;
  firstLoadJsRaw: number;
  /** Every .js under assets, lazy chunks included. */
  allJsGzip: number;
  files: { file: string; gzip: number }[];
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

const gz = (file: string) => gzipSync(readFileSync(file)).length;

export async function benchBundle(): Promise<BundleResult | { error: string }> {
  const out = mkdtempSync(join(tmpdir(), 'bench-web-'));
  try {
    const t0 = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      const p = spawn('node_modules/.bin/vite', ['build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'ignore' });
      p.once('error', () => resolve(-1));
      p.once('exit', resolve);
    });
    const built = code === 0 && existsSync(join(out, 'index.html'));
    const dir = built ? out : 'dist/web';
    if (!existsSync(join(dir, 'index.html'))) return { error: 'the web build failed and dist/web has no index.html' };
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const { js, css } = firstLoadAssets(html);
    const local = (url: string) => join(dir, url.replace(/^\//, ''));
    const files = [...js, ...css].filter((f) => existsSync(local(f))).map((f) => ({ file: f, gzip: gz(local(f)) }));
    const sum = (list: string[]) => list.filter((f) => existsSync(local(f))).reduce((a, f) => a + gz(local(f)), 0);
    const assets = join(dir, 'assets');
    const allJs = existsSync(assets) ? readdirSync(assets).filter((f) => f.endsWith('.js')) : [];
    return {
      source: built ? 'fresh build' : 'dist/web (build failed)',
      buildMs: built ? performance.now() - t0 : undefined,
      firstLoadJsGzip: sum(js),
      firstLoadCssGzip: sum(css),
      firstLoadJsRaw: js.filter((f) => existsSync(local(f))).reduce((a, f) => a + statSync(local(f)).size, 0),
      allJsGzip: allJs.reduce((a, f) => a + gz(join(assets, f)), 0),
      files,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
