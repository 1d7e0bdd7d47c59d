/**
 * Path-based routing without a router library: the app has three pages and the agent server
 * answers every unknown path with index.html (SPA fallback), so the path alone picks the page.
 */
export type Route = 'chat' | 'settings' | 'viewer' | 'not-found';

const ROUTES: Record<string, Route> = { '/': 'chat', '/settings': 'settings', '/viewer': 'viewer' };

/** The page for a location pathname; a trailing slash and `index.html` are tolerated. */
export function routeFor(pathname: string): Route {
  let path = pathname.replace(/\/index\.html$/, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  return ROUTES[path || '/'] ?? 'not-found';
}

export const NAV_LINKS: ReadonlyArray<{ href: string; label: string; route: Route }> = [
  { href: '/', label: 'Chat', route: 'chat' },
  { href: '/settings', label: 'Settings', route: 'settings' },
  { href: '/viewer', label: 'Scenario viewer', route: 'viewer' },
];
