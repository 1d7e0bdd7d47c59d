/** The top bar shared by every page: product name and page navigation. */
import { NAV_LINKS, type Route } from '../routes.js';

export function AppHeader({ route }: { route: Route }) {
  return (
    <header className="app-header">
      <a className="brand" href="/">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        Navigator Chat
      </a>
      <nav aria-label="Pages">
        <ul className="nav-links">
          {NAV_LINKS.map((link) => (
            <li key={link.href}>
              <a href={link.href} aria-current={link.route === route ? 'page' : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
