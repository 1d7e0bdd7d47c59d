/**
 * Server-rendered HTML of the guided auth flow (B9). Pure functions from data to markup; every
 * interpolated value is escaped. Inline CSS/JS carry a per-response nonce allowed by the CSP.
 */
import type { ServerConnectionState } from '../../shared/contracts.js';

export function escapeHtml(v: string): string {
  return v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The project context a page works in: a default auth link or the project's own connections page. */
export interface FlowContext {
  projectId: string;
  projectName: string;
  linkId?: string;
  /** Path back to the flow's main page, e.g. /auth?auth_link_id=abc */
  backPath: string;
}

export interface PageServer {
  name: string;
  displayName: string;
  state: ServerConnectionState;
}

const CSS = `
:root{color-scheme:light;--fg:#1b1f24;--muted:#57606a;--bg:#f6f8fa;--card:#fff;--line:#d0d7de;--accent:#0a58ca;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:34rem;margin:0 auto;padding:2rem 1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.5rem;box-shadow:0 1px 2px rgba(0,0,0,.04)}
h1{font-size:1.35rem;margin:0 0 .5rem}p{margin:.5rem 0}.muted{color:var(--muted);font-size:.95rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=text],input[type=password]{width:100%;padding:.6rem .75rem;font:inherit;border:1px solid var(--line);border-radius:8px}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.55rem 1rem;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none}
button.secondary{background:transparent;color:var(--accent)}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
ul.servers{list-style:none;padding:0;margin:1rem 0}ul.servers li{display:flex;align-items:center;justify-content:space-between;gap:.75rem;padding:.75rem 0;border-top:1px solid var(--line)}
.badge{font-size:.85rem;font-weight:600;padding:.1rem .5rem;border-radius:999px;border:1px solid currentColor}
.connected{color:var(--ok)}.needs_connecting{color:var(--warn)}.expired{color:var(--bad)}
.error{color:var(--bad);font-weight:600}.row{display:flex;gap:.75rem;align-items:center;flex-wrap:wrap;margin-top:1rem}
form.inline{display:inline;margin:0}
`;

const STATE_LABEL: Record<ServerConnectionState, string> = {
  connected: 'Connected',
  needs_connecting: 'Not connected',
  expired: 'Expired, reconnect',
  project: 'Shared',
  no_auth: 'No sign-in needed',
};

export function layout(title: string, body: string, nonce: string, script = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Navigator</title><style nonce="${nonce}">${CSS}</style></head>
<body><main><div class="card">${body}</div></main>${script ? `<script nonce="${nonce}">${script}</script>` : ''}</body></html>`;
}

function contextFields(ctx: FlowContext, csrf: string): string {
  const id = ctx.linkId !== undefined ? `<input type="hidden" name="auth_link_id" value="${escapeHtml(ctx.linkId)}">` : `<input type="hidden" name="project_id" value="${escapeHtml(ctx.projectId)}">`;
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
<div class="row"><button type="submit">Sign in</button></div></form>`,
    nonce,
  );
}

function signOutForm(ctx: FlowContext, csrf: string): string {
  return `<form class="inline" method="post" action="/auth/sign-out">${contextFields(ctx, csrf)}<button class="secondary" type="submit">Sign out</button></form>`;
}

export function serversPage(ctx: FlowContext, userId: string, servers: PageServer[], csrf: string, nonce: string, notice?: string): string {
  const items = servers
    .map((s) => {
      const action =
        s.state === 'connected'
          ? ''
          : `<form class="inline" method="post" action="/auth/connect/${encodeURIComponent(s.name)}">${contextFields(ctx, csrf)}<button type="submit" aria-label="Connect ${escapeHtml(s.displayName)}">Connect</button></form>`;
      return `<li><span><strong>${escapeHtml(s.displayName)}</strong> <span class="badge ${s.state}">${STATE_LABEL[s.state]}</span></span>${action}</li>`;
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

export function donePage(ctx: FlowContext, userId: string, servers: PageServer[], csrf: string, nonce: string): string {
  const names = servers.map((s) => escapeHtml(s.displayName)).join(', ');
  return layout(
    'All done',
    `<h1>All done, return to your conversation</h1>
<p>Signed in as <strong>${escapeHtml(userId)}</strong>. ${names ? `Connected: ${names}.` : 'Nothing to connect.'}</p>
<p class="muted">You can close this tab and tell your assistant you are done.</p><div class="row">${signOutForm(ctx, csrf)}</div>`,
    nonce,
    "if(window.opener){try{window.opener.postMessage({type:'navigator-auth-complete'},'*')}catch(e){}}",
  );
}

export function messagePage(title: string, message: string, nonce: string, back?: { href: string; label: string }): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${back ? `<div class="row"><a class="button" href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></div>` : ''}`,
    nonce,
  );
}
