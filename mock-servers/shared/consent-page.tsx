/**
 * HTML of a mock's sign-in + consent page and its error page, themed per service so each mock looks
 * like its own third party. Rendered by `react-dom/server`, which escapes every value; headers forbid framing.
 */
import type { Response } from 'express';
import type { ReactNode } from 'react';
import { renderDocument } from '../../server/shared/html-page.js';
import { ACCOUNTS, ACCOUNT_NAMES, type Account, type ServiceTheme } from './types.js';

/**
 * No `form-action` directive on purpose: Chromium applies it to the redirect that follows the form post,
 * which would block the hop back to the client's redirect_uri.
 */
export function setPageSecurityHeaders(res: Response): void {
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  );
  res.setHeader('Cache-Control', 'no-store');
  // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on the form post, which the Origin guard refuses.
  res.setHeader('Referrer-Policy', 'same-origin');
}

function pageStyle(t: ServiceTheme): string {
  return `
  body { margin:0; font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; background:${t.background}; color:${t.text}; }
  header { background:${t.headerBackground}; color:#fff; padding:14px 24px; font-weight:700; font-size:20px; letter-spacing:.3px; }
  main { max-width:480px; margin:40px auto; background:${t.card}; border:1px solid ${t.border}; border-radius:10px; padding:28px 32px; }
  h1 { font-size:22px; margin:0 0 8px; }
  p, li { line-height:1.5; }
  .muted { color:${t.muted}; font-size:14px; }
  fieldset { border:1px solid ${t.border}; border-radius:8px; margin:18px 0; padding:10px 14px; }
  legend { font-weight:600; padding:0 6px; }
  label.account { display:flex; gap:10px; align-items:center; padding:6px 0; cursor:pointer; }
  ul.scopes { padding-left:20px; margin:6px 0 0; }
  code { font-size:13px; }
  .error { background:#fdecea; color:#8a1c12; border-radius:6px; padding:8px 12px; margin:12px 0; }
  .actions { display:flex; gap:12px; justify-content:flex-end; margin-top:22px; }
  button { font-size:15px; font-weight:600; border-radius:6px; padding:10px 20px; cursor:pointer; border:1px solid ${t.border}; }
  button.allow { background:${t.accent}; color:${t.accentText}; border-color:${t.accent}; }
  button.deny { background:transparent; color:${t.text}; }
`;
}

function Layout({ theme, title, children }: { theme: ServiceTheme; title: string; children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <style>{pageStyle(theme)}</style>
      </head>
      <body>
        <header>{theme.logo}</header>
        <main>{children}</main>
      </body>
    </html>
  );
}

export interface ConsentView {
  requestId: string;
  csrfToken: string;
  clientName: string;
  redirectUri: string;
  scopes: { name: string; description: string }[];
  selected?: Account;
  error?: string;
}

/** The host the decision sends the browser back to (the raw URI when it does not parse). */
function redirectHost(uri: string): string {
  try {
    return new URL(uri).host || uri;
  } catch {
    return uri;
  }
}

export function renderConsentPage(theme: ServiceTheme, v: ConsentView): string {
  return renderDocument(
    <Layout theme={theme} title={`Sign in to ${theme.productName}`}>
      <h1>Sign in to {theme.productName}</h1>
      <p>
        <strong>{v.clientName}</strong> is requesting access to your {theme.productName} account.
      </p>
      {v.error && (
        <div className="error" role="alert">
          {v.error}
        </div>
      )}
      <form method="post" action="/authorize/decision">
        <input type="hidden" name="request_id" value={v.requestId} />
        <input type="hidden" name="csrf_token" value={v.csrfToken} />
        <fieldset>
          <legend>Choose a demo account</legend>
          {ACCOUNTS.map((a) => (
            <label className="account" key={a}>
              <input type="radio" name="account" value={a} required defaultChecked={a === v.selected} />
              <span>
                <strong>{ACCOUNT_NAMES[a]}</strong> <span className="muted">({a})</span>
              </span>
            </label>
          ))}
        </fieldset>
        <p>
          This will allow <strong>{v.clientName}</strong> to:
        </p>
        <ul className="scopes">
          {v.scopes.map((s) => (
            <li key={s.name}>
              <strong>{s.description}</strong> <code className="muted">{s.name}</code>
            </li>
          ))}
        </ul>
        <p className="muted">
          After you decide you will be sent back to <strong>{redirectHost(v.redirectUri)}</strong>.
        </p>
        <div className="actions">
          <button className="deny" type="submit" name="decision" value="deny" formNoValidate>
            Deny
          </button>
          <button className="allow" type="submit" name="decision" value="allow">
            Allow
          </button>
        </div>
      </form>
    </Layout>,
  );
}

export function renderErrorPage(theme: ServiceTheme, title: string, message: string): string {
  return renderDocument(
    <Layout theme={theme} title={title}>
      <h1>{title}</h1>
      <div className="error" role="alert">
        {message}
      </div>
      <p className="muted">Return to the application that sent you here and start again.</p>
    </Layout>,
  );
}

export function sendErrorPage(
  res: Response,
  theme: ServiceTheme,
  status: number,
  title: string,
  message: string,
): void {
  setPageSecurityHeaders(res);
  res
    .status(status)
    .type('html')
    .send(renderErrorPage(theme, title, message));
}
