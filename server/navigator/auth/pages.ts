/**
 * Server-rendered HTML of the guided auth flow (B9). Pure functions from data to markup; every
 * interpolated value is escaped. Inline CSS carries a per-response nonce allowed by the CSP; there is
 * no inline script (the done page's script is a file of its own, `DONE_SCRIPT_PATH`).
 */
import type { ServerConnectionState } from '../../shared/contracts.js';
import { escapeHtml } from '../../shared/text.js';

/** The project context a page works in: a default auth link or the project's own connections page. */
export interface FlowContext {
  projectId: string;
  projectName: string;
  linkId?: string;
  /** Path back to the flow's main page, e.g. /auth?auth_link_id=abc */
  backPath: string;
  /** A URL-mode elicitation's page: connect only `serverName`, and only as `forUser` (the MCP session's user). */
  elicitation?: { id: string; serverName: string; forUser: string };
}

export interface PageServer {
  name: string;
  displayName: string;
  state: ServerConnectionState;
}

/* Same tokens as the chat web app (web/src/styles.css), so the popup reads as part of one product. */
const CSS = `
:root{color-scheme:light dark;--bg:#f6f7fb;--card:#fff;--surface-2:#f1f3f9;--fg:#161a2b;--muted:#5b6278;--line:#e1e4ee;--line-strong:#c9cedc;
--accent:#4f46e5;--accent-hover:#4338ca;--accent-soft:#eef0ff;--accent-text:#fff;--focus:#2563eb;
--ok:#0f7b4f;--ok-soft:#e3f6ed;--warn:#9a5b00;--warn-soft:#fff3dc;--bad:#c0262d;--bad-soft:#fdecec;--shadow:0 1px 2px rgb(16 24 40 / 6%)}
@media (prefers-color-scheme:dark){:root{--bg:#0f1220;--card:#171b2e;--surface-2:#1f2439;--fg:#e8eaf4;--muted:#a1a7c0;--line:#2b3150;--line-strong:#3b4268;
--accent:#818cf8;--accent-hover:#a5b4fc;--accent-soft:#23264a;--accent-text:#0f1220;--focus:#93c5fd;
--ok:#4ade80;--ok-soft:#12301f;--warn:#fbbf24;--warn-soft:#352a0e;--bad:#f87171;--bad-soft:#3a1518}}
*,*::before,*::after{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
.wrap{width:min(440px,100%);margin:0 auto;padding:24px 16px 48px}
.brand{display:flex;align-items:center;gap:8px;margin:0 0 16px;font-weight:700;color:var(--accent)}
.card{background:var(--card);border:1px solid var(--line);border-radius:16px;padding:24px;box-shadow:var(--shadow)}
h1{font-size:1.45rem;line-height:1.25;margin:0 0 12px}p{margin:0 0 12px}.muted{color:var(--muted)}
a{color:var(--accent)}a:hover{color:var(--accent-hover)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
label{display:block;font-weight:600;font-size:.9rem;margin:16px 0 4px}
input[type=text],input[type=password]{display:block;width:100%;height:40px;padding:0 10px;font:inherit;color:inherit;background:var(--card);border:1px solid var(--line-strong);border-radius:6px}
input:focus-visible{border-color:var(--focus)}
.button{display:inline-flex;align-items:center;justify-content:center;min-height:40px;padding:8px 16px;font:inherit;font-weight:600;line-height:1.2;text-decoration:none;cursor:pointer;border-radius:6px;border:1px solid transparent;transition:background-color 120ms}
.primary,a.button{background:var(--accent);color:var(--accent-text)}.primary:hover,a.button:hover{background:var(--accent-hover);color:var(--accent-text)}
.secondary{background:var(--card);color:var(--fg);border-color:var(--line-strong)}.secondary:hover{background:var(--surface-2)}
.block{width:100%}
.link{background:none;border:0;padding:4px 2px;font:inherit;color:var(--accent);text-decoration:underline;text-underline-offset:2px;cursor:pointer}.link:hover{color:var(--accent-hover)}
.actions{display:flex;flex-direction:column;align-items:center;gap:8px;margin-top:20px}
.row{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin-top:20px}
ul.servers{list-style:none;padding:0;margin:16px 0 0;display:grid;gap:8px}
ul.servers li{display:flex;min-height:62px;align-items:center;justify-content:space-between;flex-wrap:wrap;gap:8px 12px;padding:10px 10px 10px 14px;border:1px solid var(--line);border-radius:10px;background:var(--surface-2)}
.server{display:flex;align-items:center;flex-wrap:wrap;gap:6px 10px;min-width:0}.server strong{overflow-wrap:anywhere}
.badge{display:inline-flex;align-items:center;font-size:.78rem;font-weight:600;line-height:1;padding:4px 8px;border-radius:999px;white-space:nowrap;background:var(--card);color:var(--muted)}
.badge.connected{background:var(--ok-soft);color:var(--ok)}.badge.needs_connecting{background:var(--warn-soft);color:var(--warn)}.badge.expired{background:var(--bad-soft);color:var(--bad)}
.error{color:var(--bad);background:var(--bad-soft);padding:8px 12px;border-radius:6px;font-weight:600}
.done-mark{display:grid;place-items:center;width:44px;height:44px;margin:0 0 12px;border-radius:12px;background:var(--ok-soft);color:var(--ok);font-size:1.3rem;font-weight:700}
form.inline{display:inline;margin:0}
@media (max-width:480px){.wrap{padding:16px 12px 32px}.card{padding:16px}h1{font-size:1.3rem}}
`;

const STATE_LABEL: Record<ServerConnectionState, string> = {
  connected: 'Connected',
  needs_connecting: 'Not connected',
  expired: 'Expired, reconnect',
  project: 'Shared',
  no_auth: 'No sign-in needed',
};

export function layout(title: string, body: string, nonce: string, scriptSrc = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Navigator</title><style nonce="${nonce}">${CSS}</style></head>
<body><div class="wrap"><header class="brand"><span aria-hidden="true">&#9670;</span> Navigator</header>
<main class="card">${body}</main></div>${scriptSrc ? `<script src="${escapeHtml(scriptSrc)}" defer></script>` : ''}</body></html>`;
}

function contextFields(ctx: FlowContext, csrf: string): string {
  const id = ctx.elicitation
    ? `<input type="hidden" name="elicitation_id" value="${escapeHtml(ctx.elicitation.id)}">`
    : ctx.linkId !== undefined
      ? `<input type="hidden" name="auth_link_id" value="${escapeHtml(ctx.linkId)}">`
      : `<input type="hidden" name="project_id" value="${escapeHtml(ctx.projectId)}">`;
  return `${id}<input type="hidden" name="csrf_token" value="${escapeHtml(csrf)}">`;
}

export function signInPage(ctx: FlowContext, csrf: string, nonce: string, error?: string, user = ''): string {
  return layout(
    'Sign in',
    `<h1>Sign in to connect your accounts</h1>
<p class="muted">${escapeHtml(ctx.projectName)} uses this page to connect your own accounts to your assistant.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/auth/sign-in">${contextFields(ctx, csrf)}
<label for="user">User</label><input id="user" name="user" type="text" autocomplete="username" required value="${escapeHtml(user)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="row"><button class="button primary block" type="submit">Sign in</button></div></form>`,
    nonce,
  );
}

function signOutForm(ctx: FlowContext, csrf: string, look: 'secondary' | 'link' = 'secondary'): string {
  const cls = look === 'link' ? 'link' : 'button secondary';
  return `<form class="inline" method="post" action="/auth/sign-out">${contextFields(ctx, csrf)}<button class="${cls}" type="submit">Sign out</button></form>`;
}

export function serversPage(
  ctx: FlowContext,
  userId: string,
  servers: PageServer[],
  csrf: string,
  nonce: string,
  notice?: string,
): string {
  const items = servers
    .map((s) => {
      const action =
        s.state === 'connected'
          ? ''
          : `<form class="inline" method="post" action="/auth/connect/${encodeURIComponent(s.name)}">${contextFields(ctx, csrf)}<button class="button primary" type="submit" aria-label="Connect ${escapeHtml(s.displayName)}">Connect</button></form>`;
      return `<li><span class="server"><strong>${escapeHtml(s.displayName)}</strong> <span class="badge ${s.state}">${STATE_LABEL[s.state]}</span></span>${action}</li>`;
    })
    .join('');
  const left = servers.filter((s) => s.state !== 'connected').length;
  return layout(
    'Connect your accounts',
    `<h1>Connect your accounts</h1>
<p class="muted">Signed in as <strong>${escapeHtml(userId)}</strong>. ${left} of ${servers.length} still to connect.</p>
${notice ? `<p class="error" role="alert">${escapeHtml(notice)}</p>` : ''}
<ul class="servers">${items}</ul><div class="row">${signOutForm(ctx, csrf)}</div>`,
    nonce,
  );
}

/** Where the done page's script is served (same origin: the CSP allows `script-src 'self'` only). */
export const DONE_SCRIPT_PATH = '/auth/assets/done.js';

/**
 * Tells the opening chat tab the flow finished, and wires the Close button. The message carries no
 * data; the chat page accepts it only from the navigator's origin and from the popup it opened.
 */
export const DONE_SCRIPT =
  "if(window.opener){try{window.opener.postMessage({type:'navigator-auth-complete'},'*')}catch(e){}}" +
  "document.getElementById('close-window')?.addEventListener('click',function(){window.close();" +
  "setTimeout(function(){var n=document.getElementById('close-note');if(n)n.hidden=false},300)});";

export function donePage(ctx: FlowContext, userId: string, servers: PageServer[], csrf: string, nonce: string): string {
  const names = servers.map((s) => escapeHtml(s.displayName)).join(', ');
  return layout(
    'All done',
    `<div class="done-mark" aria-hidden="true">&#10003;</div><h1>All done, return to your conversation</h1>
<p>Signed in as <strong>${escapeHtml(userId)}</strong>. ${names ? `Connected: ${names}.` : 'Nothing to connect.'}</p>
<p class="muted">You can close this window and tell your assistant you are done.</p>
<p class="muted" id="close-note" role="status" hidden>Your browser kept this window open. Close it yourself, then go back to your conversation.</p>
<div class="actions"><button class="button primary block" id="close-window" type="button">Close this window</button>${signOutForm(ctx, csrf, 'link')}</div>`,
    nonce,
    DONE_SCRIPT_PATH,
  );
}

/**
 * An elicitation opened by someone signed in as another user: nothing can be connected here (the
 * MCP specification's phishing rule for URL-mode elicitation); signing out lets the right user in.
 */
export function wrongUserPage(ctx: FlowContext, signedIn: string, csrf: string, nonce: string): string {
  return layout(
    'Different user',
    `<h1>This request is for another user</h1>
<p>You are signed in as <strong>${escapeHtml(signedIn)}</strong>, but the assistant asked a different user to connect this account. Nothing was connected.</p>
<p class="muted">If this request is yours, sign out and sign in as yourself.</p>
<div class="row">${signOutForm(ctx, csrf)}</div>`,
    nonce,
  );
}

export function messagePage(
  title: string,
  message: string,
  nonce: string,
  back?: { href: string; label: string },
): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${back ? `<div class="row"><a class="button" href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></div>` : ''}`,
    nonce,
  );
}
