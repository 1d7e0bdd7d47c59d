/**
 * Serves the web app's Vite build: the brotli or gzip file precompressed at build (vite.config.ts)
 * when the browser accepts it, hashed assets cached for a year as `immutable`, and the HTML shell
 * revalidated on every load (`no-cache`) so a new build is picked up at once. Every other path that
 * is not an API or asset gets the shell (SPA fallback: the page routes by path).
 */
import expressStaticGzip from 'express-static-gzip';
import { Router, type Request, type Response, type NextFunction } from 'express';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** True when `dist` holds a build the server can serve. */
export function hasWebBuild(dist: string): boolean {
  return existsSync(join(dist, 'index.html'));
}

/** Static files and the SPA fallback for the build in `dist`. */
export function webAppRoutes(dist: string): Router {
  const serve = expressStaticGzip(dist, {
    enableBrotli: true,
    // Brotli first: ~13% smaller than gzip for the chat's bundle (bench/bundle.ts).
    orderPreference: ['br', 'gzip'],
    index: 'index.html',
    serveStatic: {
      // Hashed file names change with their content, so they never need revalidating.
      setHeaders: (res, path) => {
        res.setHeader('Cache-Control', path.includes(`${sep}assets${sep}`) ? IMMUTABLE : REVALIDATE);
      },
    },
  }) as (req: Request, res: Response, next: NextFunction) => void;

  const router = Router();
  router.use(serve);
  // Unknown assets are a real 404 (a stale hashed name must not get the HTML shell as JavaScript).
  router.get('/{*path}', (req, res, next) => {
    if (req.path.startsWith('/assets/') || req.path.startsWith('/api/')) return next();
    req.url = '/index.html';
    serve(req, res, next);
  });
  return router;
}
