/**
 * The web bundle: a fresh vite build served by the agent server, each route's first-load JS and CSS
 * over the wire in Chromium, and the caching headers of hashed assets and HTML.
 */
import { benchBundle, BROWSER_ACCEPT_ENCODING } from '../bundle.js';
import { row, unavailable } from '../results.js';
import { round } from '../stats.js';
import type { Section } from './context.js';

const routeNames: Record<string, string> = { '/': 'chat', '/settings': 'settings', '/viewer': 'viewer' };

export const bundleSection: Section = {
  name: 'bundle',
  fallback: Object.values(routeNames).map((name) =>
    unavailable(
      'web bundle',
      `${name} first-load JS over the wire`,
      name === 'chat' ? '≤ 100 KB' : '',
      'measurement failed',
    ),
  ),
  async run({ progress, rows, details }) {
    progress('web bundle: fresh vite build, served by the agent server, each route loaded in Chromium');
    const b = await benchBundle();
    details.bundle = b;
    for (const r of b.routes) {
      const name = routeNames[r.route] ?? r.route;
      const enc = [...new Set(r.assets.filter((a) => a.kind === 'js').map((a) => a.chromiumEncoding))].join('+');
      rows.push(
        row(
          'web bundle',
          `${name} first-load JS over the wire`,
          r.js.br / 1024,
          'KB',
          name === 'chat' ? { op: '<=', limit: 100 } : undefined,
          `Accept-Encoding: ${BROWSER_ACCEPT_ENCODING} → br; gzip only ${round(r.js.gzip / 1024, 1)} KB; Chromium over http downloaded ${round(r.js.chromium / 1024, 1)} KB (${enc}); uncompressed ${round(r.js.raw / 1024, 1)} KB`,
        ),
      );
    }
    const chat = b.routes.find((r) => r.route === '/');
    if (chat) rows.push(row('web bundle', 'chat first-load CSS over the wire', chat.css.br / 1024, 'KB'));
    const assetCache = [...new Set(b.routes.flatMap((r) => r.assets.map((a) => a.cacheControl)))];
    rows.push({
      group: 'web bundle',
      figure: 'caching: hashed assets / HTML',
      value: `${assetCache.join(', ')} / ${b.htmlCacheControl}`,
      target: 'immutable, 1 year / no-cache',
      met:
        assetCache.length === 1 &&
        /immutable/.test(assetCache[0] ?? '') &&
        /max-age=31536000/.test(assetCache[0] ?? '') &&
        b.htmlCacheControl === 'no-cache'
          ? 'yes'
          : 'no',
    });
  },
};
