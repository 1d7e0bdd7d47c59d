/**
 * HTML of a mock's sign-in + consent page and its error page, themed per service so each mock looks
 * like its own third party. Everything interpolated is escaped; headers forbid framing.
 */
import type { Response } from 'express';
import { escapeHtml } from '../../server/shared/text.js';
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

function layout(theme: ServiceTheme, title: string, body: string): string {
  const t = theme;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
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
</style></head>
<body><header>${escapeHtml(t.logo)}</header><main>${body}</main></body></html>`;
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

export function renderConsentPage(theme: ServiceTheme, v: ConsentView): string {
  const accounts = ACCOUNTS.map(
    (
      a,
    ) => `<label class="account"><input type="radio" name="account" value="${a}" required${a === v.selected ? ' checked' : ''}>
      <span><strong>${escapeHtml(ACCOUNT_NAMES[a])}</strong> <span class="muted">(${a})</span></span></label>`,
  ).join('\n');
  const scopes = v.scopes
    .map(
      (s) => `<li><strong>${escapeHtml(s.description)}</strong> <code class="muted">${escapeHtml(s.name)}</code></li>`,
    )
    .join('\n');
  let redirectHost = v.redirectUri;
  try {
    redirectHost = new URL(v.redirectUri).host || v.redirectUri;
  } catch {
    // keep the raw URI
  }
  const body = `<h1>Sign in to ${escapeHtml(theme.productName)}</h1>
<p><strong>${escapeHtml(v.clientName)}</strong> is requesting access to your ${escapeHtml(theme.productName)} account.</p>
${v.error ? `<div class="error" role="alert">${escapeHtml(v.error)}</div>` : ''}
<form method="post" action="/authorize/decision">
  <input type="hidden" name="request_id" value="${escapeHtml(v.requestId)}">
  <input type="hidden" name="csrf_token" value="${escapeHtml(v.csrfToken)}">
  <fieldset><legend>Choose a demo account</legend>
${accounts}
  </fieldset>
  <p>This will allow <strong>${escapeHtml(v.clientName)}</strong> to:</p>
  <ul class="scopes">
${scopes}
  </ul>
  <p class="muted">After you decide you will be sent back to <strong>${escapeHtml(redirectHost)}</strong>.</p>
  <div class="actions">
    <button class="deny" type="submit" name="decision" value="deny" formnovalidate>Deny</button>
    <button class="allow" type="submit" name="decision" value="allow">Allow</button>
  </div>
</form>`;
  return layout(theme, `Sign in to ${theme.productName}`, body);
}

export function renderErrorPage(theme: ServiceTheme, title: string, message: string): string {
  return layout(
    theme,
    title,
    `<h1>${escapeHtml(title)}</h1><div class="error" role="alert">${escapeHtml(message)}</div>
<p class="muted">Return to the application that sent you here and start again.</p>`,
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
