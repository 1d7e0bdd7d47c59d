import { describe, expect, it } from 'vitest';
import { firstLoadAssets } from './bundle.js';

describe('firstLoadAssets', () => {
  it('collects the entry script, modulepreloads and stylesheets, not icons or lazy chunks', () => {
    const html = `<!doctype html><html><head>
      <link rel="icon" href="/favicon.svg">
      <script type="module" crossorigin src="/assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-def.js">
      <link rel="stylesheet" crossorigin href="/assets/index-123.css">
    </head><body><div id="root"></div></body></html>`;
    expect(firstLoadAssets(html)).toEqual({
      js: ['/assets/index-abc.js', '/assets/vendor-def.js'],
      css: ['/assets/index-123.css'],
    });
  });
  it('finds nothing in a page without assets', () => {
    expect(firstLoadAssets('<html><body>hi</body></html>')).toEqual({ js: [], css: [] });
  });
});
