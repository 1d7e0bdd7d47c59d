/**
 * The signed-in user's own connections: each server's state, and Connect, Reconnect and Disconnect.
 * Connecting goes through the navigator's guided flow (a popup; the page reloads the states when it
 * closes or says it is done). Everything is about the session's user: the app server never takes a
 * user id from the page for these calls.
 */
import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { ApiError, disconnect, getConnections, type Connections } from '../api.js';
import { stateView } from '../chat/server-states.js';
import { openGuidedFlow } from '../ui/guided-flow.js';
import type { Notice } from './ServersSection.js';
import '../ui/ui.css';
import { NoticeRegion } from './NoticeRegion.js';

const CONNECTABLE = new Set(['needs_connecting', 'expired', 'connected']);

export function ConnectionsSection({ headingLevel = 2 }: { headingLevel?: 1 | 2 }) {
  const [data, setData] = useState<Connections | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const stopWatching = useRef<(() => void) | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await getConnections());
      setError(null);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 404
          ? 'You are not a user of this navigator project, so there is nothing to connect.'
          : err instanceof Error
            ? err.message
            : String(err),
      );
    }
  }, []);

  useEffect(() => {
    void load().then(() => {
      // The side panel links here as /settings#connections; the section renders after the page loads.
      if (window.location.hash === '#connections') document.getElementById('connections')?.scrollIntoView();
    });
    return () => stopWatching.current?.();
  }, [load]);

  const openFlow = (event: MouseEvent<HTMLAnchorElement> | null, url: string, name: string) => {
    stopWatching.current?.();
    const stop = openGuidedFlow(url, () => {
      stopWatching.current = null;
      void load().then(() => setNotice({ tone: 'ok', text: 'Welcome back: the states below are up to date.' }));
    });
    if (stop) {
      event?.preventDefault();
      stopWatching.current = stop;
      setNotice({ tone: 'ok', text: `Connect ${name} in the window that opened, then come back here.` });
    } else if (!event) {
      // Blocked popup without a link click to fall back on: open a tab the usual way.
      window.open(url, '_blank');
    }
  };

  const doDisconnect = async (name: string, displayName: string, thenConnect: boolean) => {
    if (busy !== null || !data) return;
    setBusy(name);
    try {
      await disconnect(name);
      setNotice({ tone: 'ok', text: `Disconnected ${displayName}.` });
      if (thenConnect) openFlow(null, data.connect_url, displayName);
    } catch (err) {
      setNotice({
        tone: 'error',
        text: `Could not disconnect ${displayName}: ${err instanceof Error ? err.message : String(err)}`,
      });
    } finally {
      await load();
      setBusy(null);
    }
  };

  const Heading = headingLevel === 1 ? 'h1' : 'h2';

  /** Disconnect (delete the navigator's copy), or Reconnect (disconnect, then open the flow again). */
  const disconnectButton = (s: { name: string; display_name: string }, reconnect: boolean) => (
    <button
      type="button"
      className={`button ${reconnect ? 'secondary' : 'danger'} small`}
      aria-busy={busy === s.name}
      onClick={() => void doDisconnect(s.name, s.display_name, reconnect)}
    >
      {reconnect ? 'Reconnect' : 'Disconnect'}
      <span className="visually-hidden"> {s.display_name}</span>
    </button>
  );

  return (
    <section className="section" id="connections" aria-labelledby="connections-title" data-testid="connections">
      <div className="section-head">
        <Heading id="connections-title">Your connections</Heading>
        <p>
          The accounts your assistant uses for you
          {data ? (
            <>
              {' '}
              (signed in as <strong>{data.user}</strong>)
            </>
          ) : null}
          . Connecting opens the navigator's sign-in page and each service's own consent page; disconnecting deletes the
          navigator's copy of your access.
        </p>
      </div>
      <NoticeRegion notice={notice} testId="connections-notice" />
      {error && (
        <p className="muted" role="status">
          {error}
        </p>
      )}
      {data && (
        <ul className="connections-list">
          {data.servers.map((s) => {
            const view = stateView(s.state);
            const canConnect = CONNECTABLE.has(s.state);
            return (
              <li key={s.name} className="connection-row" data-server={s.name} data-state={s.state}>
                <span className={`status-dot tone-${view.tone}`} aria-hidden="true" />
                <span className="server-name">{s.display_name}</span>
                <span className={`pill tone-${view.tone}`}>{view.label}</span>
                {canConnect && (
                  <span className="connection-actions">
                    {s.state === 'connected' ? (
                      <>
                        {disconnectButton(s, true)}
                        {disconnectButton(s, false)}
                      </>
                    ) : (
                      <>
                        <a
                          className="button primary small"
                          href={data.connect_url}
                          target="_blank"
                          rel="opener"
                          onClick={(e) => openFlow(e, data.connect_url, s.display_name)}
                        >
                          {s.state === 'expired' ? 'Reconnect' : 'Connect'}
                          <span className="visually-hidden"> {s.display_name}</span>
                        </a>
                        {s.state === 'expired' && disconnectButton(s, false)}
                      </>
                    )}
                  </span>
                )}
                {!canConnect && <span className="server-hint">{view.hint}</span>}
              </li>
            );
          })}
          {data.servers.length === 0 && <li className="muted">No servers in this project.</li>}
        </ul>
      )}
    </section>
  );
}
