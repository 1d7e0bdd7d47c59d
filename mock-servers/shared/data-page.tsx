/**
 * The read-only page a mock serves at `GET /`: its data in the mock's own look, so a presenter can
 * show that the agent really posted the message or created the issue. No script and no inline style
 * (the mocks send a strict CSP): the stylesheet is `/_page/style.css`, built from the mock's theme,
 * and a meta refresh reloads the page every few seconds so it stays live. Each message or issue has
 * an anchor, so tool results can link to exactly what they created.
 */
import { Router } from 'express';
import type { ReactNode } from 'react';
import { renderDocument } from '../../server/shared/html-page.js';
import type { ServiceTheme } from './types.js';

export const PAGE_REFRESH_SECONDS = 3;
export const PAGE_STYLESHEET = '/_page/style.css';

/** An anchor id from any text: letters, digits and dashes only. */
export function anchorId(text: string): string {
  return text.replace(/[^A-Za-z0-9-]+/g, '-');
}

/** One section of a data page (a channel, a team): listed in the side navigation and shown in the body. */
export interface DataSection {
  /** The section's anchor (letters, digits and dashes). */
  id: string;
  /** Its name in the navigation, and its heading unless `heading` is given. */
  label: string;
  heading?: ReactNode;
  /** How many items it holds (shown next to its name in the navigation). */
  count: number;
  /** The line under the heading. */
  sub: string;
  /** The items (rendered, and so escaped, with the rest of the page). */
  content: ReactNode;
}

export interface DataPage {
  title: string;
  sections: DataSection[];
}

function Section({ section }: { section: DataSection }) {
  const headingId = `h-${section.id}`;
  return (
    <section id={section.id} aria-labelledby={headingId}>
      <h2 id={headingId}>{section.heading ?? section.label}</h2>
      <p className="sub">{section.sub}</p>
      {section.content}
    </section>
  );
}

function stylesheet(t: ServiceTheme): string {
  return `*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;background:${t.background};color:${t.text};line-height:1.45}
header{background:${t.headerBackground};color:#fff;padding:12px 20px;display:flex;align-items:baseline;gap:16px;flex-wrap:wrap}
header strong{font-size:1.1rem;white-space:pre}
header .live{font-size:.8rem;opacity:.85}
.layout{display:grid;grid-template-columns:220px minmax(0,1fr);min-height:calc(100vh - 48px)}
nav{border-right:1px solid ${t.border};padding:16px;background:${t.card}}
nav h2{font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;color:${t.muted};margin:0 0 8px}
nav ul{list-style:none;margin:0;padding:0}
nav a{display:block;padding:4px 8px;border-radius:6px;color:${t.text};text-decoration:none}
nav a:hover{background:${t.background}}
nav .hint{color:${t.muted};font-size:.8rem;margin-left:4px}
main{padding:16px 24px;max-width:980px}
section{margin-bottom:28px}
section>h2{font-size:1.1rem;margin:0 0 4px}
.sub{color:${t.muted};font-size:.88rem;margin:0 0 12px}
.msg{display:grid;grid-template-columns:36px minmax(0,1fr);gap:10px;padding:8px;border-radius:8px}
.msg:target,.issue:target{background:${t.accent}22;outline:2px solid ${t.accent}}
.avatar{width:36px;height:36px;border-radius:8px;background:${t.accent};color:${t.accentText};display:grid;place-items:center;font-weight:700}
.who{font-weight:700}.when{color:${t.muted};font-size:.8rem;margin-left:6px}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse;background:${t.card};border:1px solid ${t.border};border-radius:8px;overflow:hidden;font-size:.92rem}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid ${t.border};vertical-align:top}
th{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:${t.muted}}
.id{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}
.state{display:inline-block;padding:1px 8px;border-radius:999px;border:1px solid ${t.border};font-size:.8rem;white-space:nowrap}
.state-Done{background:rgba(34,197,94,.22)}.state-In-Progress,.state-In-Review{background:rgba(245,158,11,.25)}.state-Todo{background:rgba(148,163,184,.18)}.state-Canceled{opacity:.6}
.empty{color:${t.muted}}
@media (max-width:700px){.layout{grid-template-columns:1fr}nav{border-right:0;border-bottom:1px solid ${t.border}}}
`;
}

function Document({ theme, page }: { theme: ServiceTheme; page: DataPage }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta httpEquiv="refresh" content={String(PAGE_REFRESH_SECONDS)} />
        <title>{`${page.title} · ${theme.productName}`}</title>
        <link rel="stylesheet" href={PAGE_STYLESHEET} />
      </head>
      <body>
        <header>
          <strong>{theme.logo}</strong>
          <span className="live">
            {`Read-only view of the mock's data · refreshes every ${PAGE_REFRESH_SECONDS} s · ${new Date().toISOString().slice(11, 19)} UTC`}
          </span>
        </header>
        <div className="layout">
          <nav aria-label={page.title}>
            <h2>{page.title}</h2>
            <ul>
              {page.sections.map((n) => (
                <li key={n.id}>
                  <a href={`#${n.id}`}>
                    {n.label}
                    <span className="hint">{n.count}</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <main>
            {page.sections.map((section) => (
              <Section key={section.id} section={section} />
            ))}
          </main>
        </div>
      </body>
    </html>
  );
}

/** `GET /` (the page) and `GET /_page/style.css` for a mock, from its theme and a renderer of its data. */
export function dataPageRoutes(theme: ServiceTheme, render: () => DataPage): Router {
  const router = Router();
  const css = stylesheet(theme);
  router.get(PAGE_STYLESHEET, (_req, res) => {
    res.type('text/css').set('cache-control', 'no-cache').send(css);
  });
  router.get('/', (_req, res) => {
    res
      .type('html')
      .set('cache-control', 'no-store')
      .send(renderDocument(<Document theme={theme} page={render()} />));
  });
  return router;
}
