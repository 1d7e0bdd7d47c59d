import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';
import { constants } from 'node:zlib';

/**
 * The web app lives in web/; its production build goes to dist/web, served by the agent server.
 *
 * Two choices keep the chat's first load under 100 KB of compressed JavaScript:
 * - The production build renders with Preact's React-compatible layer (`preact/compat`): react-dom
 *   alone is about 55 KB brotli, Preact about 5 KB. The source stays plain React (types, dev server,
 *   `@ai-sdk/react`'s hooks all use the React API); only the bundle swaps the renderer.
 * - Every asset is precompressed at build (brotli at quality 11, gzip at level 9) so the server sends
 *   the smallest bytes without compressing per request (server/agent/static.ts).
 */
export default defineConfig(({ command }) => ({
  root: 'web',
  plugins: [
    react(),
    compression({
      include: /\.(js|css|html|svg|json)$/,
      threshold: 512,
      algorithms: [
        ['br', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }],
        ['gz', { level: 9 }],
      ],
    }),
  ],
  resolve:
    command === 'build'
      ? {
          alias: [
            { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
            { find: /^react-dom$/, replacement: 'preact/compat' },
            { find: /^react\/jsx-runtime$/, replacement: 'preact/compat/jsx-runtime' },
            { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/compat/jsx-dev-runtime' },
            { find: /^react$/, replacement: 'preact/compat' },
          ],
        }
      : {},
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: false },
}));
