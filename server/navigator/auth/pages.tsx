/**
 * Server-rendered HTML of the guided auth flow (B9): React components rendered to static markup, so
 * `react-dom/server` escapes every value. Inline CSS carries a per-response nonce allowed by the CSP;
 * there is no inline script (the done page's script is a file of its own, `DONE_SCRIPT_PATH`) and no
 * style attribute (the CSP allows neither).
 */
import type { ReactNode } from 'react';
import type { ServerConnectionState } from '../../shared/contracts.js';
import { renderDocument } from '../../shared/html-page.js';
import { FLOW_CSS } from './page-style.js';

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

const STATE_LABEL: Record<ServerConnectionState, string> = {
  connected: 'Connected',
  needs_connecting: 'Not connected',
  expired: 'Expired, reconnect',
  project: 'Shared',
  no_auth: 'No sign-in needed',
};

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

function Layout(props: { title: string; nonce: string; scriptSrc?: string; children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${props.title} · Navigator`}</title>
        <style nonce={props.nonce}>{FLOW_CSS}</style>
      </head>
      <body>
        <div className="wrap">
          <header className="brand">
            <span aria-hidden="true">{'\u25C6'}</span> Navigator
          </header>
          <main className="card">{props.children}</main>
        </div>
        {props.scriptSrc && <script src={props.scriptSrc} defer />}
      </body>
    </html>
  );
}

/** The hidden fields every form posts: which context (elicitation, link or project) and the CSRF token. */
function ContextFields({ ctx, csrf }: { ctx: FlowContext; csrf: string }) {
  return (
    <>
      {ctx.elicitation ? (
        <input type="hidden" name="elicitation_id" value={ctx.elicitation.id} />
      ) : ctx.linkId !== undefined ? (
        <input type="hidden" name="auth_link_id" value={ctx.linkId} />
      ) : (
        <input type="hidden" name="project_id" value={ctx.projectId} />
      )}
      <input type="hidden" name="csrf_token" value={csrf} />
    </>
  );
}

function SignOutForm({
  ctx,
  csrf,
  look = 'secondary',
}: {
  ctx: FlowContext;
  csrf: string;
  look?: 'secondary' | 'link';
}) {
  return (
    <form className="inline" method="post" action="/auth/sign-out">
      <ContextFields ctx={ctx} csrf={csrf} />
      <button className={look === 'link' ? 'link' : 'button secondary'} type="submit">
        Sign out
      </button>
    </form>
  );
}

function Alert({ text }: { text: string | undefined }) {
  return text ? (
    <p className="error" role="alert">
      {text}
    </p>
  ) : null;
}

export function signInPage(ctx: FlowContext, csrf: string, nonce: string, error?: string, user = ''): string {
  return renderDocument(
    <Layout title="Sign in" nonce={nonce}>
      <h1>Sign in to connect your accounts</h1>
      <p className="muted">{ctx.projectName} uses this page to connect your own accounts to your assistant.</p>
      <Alert text={error} />
      <form method="post" action="/auth/sign-in">
        <ContextFields ctx={ctx} csrf={csrf} />
        <label htmlFor="user">User</label>
        <input id="user" name="user" type="text" autoComplete="username" required defaultValue={user} />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <div className="row">
          <button className="button primary block" type="submit">
            Sign in
          </button>
        </div>
      </form>
    </Layout>,
  );
}

function ServerItem({ ctx, csrf, server }: { ctx: FlowContext; csrf: string; server: PageServer }) {
  return (
    <li>
      <span className="server">
        <strong>{server.displayName}</strong>{' '}
        <span className={`badge ${server.state}`}>{STATE_LABEL[server.state]}</span>
      </span>
      {server.state !== 'connected' && (
        <form className="inline" method="post" action={`/auth/connect/${encodeURIComponent(server.name)}`}>
          <ContextFields ctx={ctx} csrf={csrf} />
          <button className="button primary" type="submit" aria-label={`Connect ${server.displayName}`}>
            Connect
          </button>
        </form>
      )}
    </li>
  );
}

export function serversPage(
  ctx: FlowContext,
  userId: string,
  servers: PageServer[],
  csrf: string,
  nonce: string,
  notice?: string,
): string {
  const left = servers.filter((s) => s.state !== 'connected').length;
  return renderDocument(
    <Layout title="Connect your accounts" nonce={nonce}>
      <h1>Connect your accounts</h1>
      <p className="muted">
        Signed in as <strong>{userId}</strong>. {left} of {servers.length} still to connect.
      </p>
      <Alert text={notice} />
      <ul className="servers">
        {servers.map((s) => (
          <ServerItem key={s.name} ctx={ctx} csrf={csrf} server={s} />
        ))}
      </ul>
      <div className="row">
        <SignOutForm ctx={ctx} csrf={csrf} />
      </div>
    </Layout>,
  );
}

export function donePage(ctx: FlowContext, userId: string, servers: PageServer[], csrf: string, nonce: string): string {
  const names = servers.map((s) => s.displayName).join(', ');
  return renderDocument(
    <Layout title="All done" nonce={nonce} scriptSrc={DONE_SCRIPT_PATH}>
      <div className="done-mark" aria-hidden="true">
        {'\u2713'}
      </div>
      <h1>All done, return to your conversation</h1>
      <p>
        Signed in as <strong>{userId}</strong>. {names ? `Connected: ${names}.` : 'Nothing to connect.'}
      </p>
      <p className="muted">You can close this window and tell your assistant you are done.</p>
      <p className="muted" id="close-note" role="status" hidden>
        Your browser kept this window open. Close it yourself, then go back to your conversation.
      </p>
      <div className="actions">
        <button className="button primary block" id="close-window" type="button">
          Close this window
        </button>
        <SignOutForm ctx={ctx} csrf={csrf} look="link" />
      </div>
    </Layout>,
  );
}

/**
 * An elicitation opened by someone signed in as another user: nothing can be connected here (the
 * MCP specification's phishing rule for URL-mode elicitation); signing out lets the right user in.
 */
export function wrongUserPage(ctx: FlowContext, signedIn: string, csrf: string, nonce: string): string {
  return renderDocument(
    <Layout title="Different user" nonce={nonce}>
      <h1>This request is for another user</h1>
      <p>
        You are signed in as <strong>{signedIn}</strong>, but the assistant asked a different user to connect this
        account. Nothing was connected.
      </p>
      <p className="muted">If this request is yours, sign out and sign in as yourself.</p>
      <div className="row">
        <SignOutForm ctx={ctx} csrf={csrf} />
      </div>
    </Layout>,
  );
}

export function messagePage(
  title: string,
  message: string,
  nonce: string,
  back?: { href: string; label: string },
): string {
  return renderDocument(
    <Layout title={title} nonce={nonce}>
      <h1>{title}</h1>
      <p>{message}</p>
      {back && (
        <div className="row">
          <a className="button" href={back.href}>
            {back.label}
          </a>
        </div>
      )}
    </Layout>,
  );
}
