/**
 * The authentication link as a prominent call to action. Opens the navigator's guided flow in a
 * popup (a new tab when popups are blocked) and reports when the person is back: the popup closed
 * or the flow posted `navigator-auth-complete`. Only for links on the navigator's origin (checked
 * again here): the popup keeps its opener so it can post back, which is only safe for the
 * navigator's own pages; any other URL renders as a plain link opened without an opener.
 */
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { LinkIcon } from '../ui/LinkIcon.js';
import { useNavigatorOrigin } from './navigator-origin.js';
import { joinNames } from '../../../server/shared/text.js';
import { connectDone, connectLabel, isAuthCompleteMessage, isOnOrigin } from './tool-parts.js';

type Phase = 'idle' | 'open' | 'finished';

export interface ConnectCardProps {
  url: string;
  /** Display names the link connects (may be empty when unknown). */
  servers: string[];
  /** Display names still to connect per the latest status; null while unknown. */
  pending: string[] | null;
  onReturn: () => void;
}

export function ConnectCard({ url, servers, pending, onReturn }: ConnectCardProps) {
  const [phase, setPhase] = useState<Phase>('idle');
  const navigatorOrigin = useNavigatorOrigin();
  const popupRef = useRef<Window | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const onReturnRef = useRef(onReturn);
  onReturnRef.current = onReturn;

  useEffect(() => () => window.clearInterval(timer.current), []);

  useEffect(() => {
    if (phase !== 'open') return;
    // Only the guided flow's own origin may mark the card finished; any other window is ignored.
    let flowOrigin: string | undefined;
    try {
      flowOrigin = new URL(url, window.location.href).origin;
    } catch {
      flowOrigin = undefined;
    }
    const onMessage = (event: MessageEvent<unknown>) => {
      const data = event.data;
      // The popup this card opened (when known), from the navigator's origin, saying it is done.
      const fromPopup = popupRef.current === null || event.source === popupRef.current;
      if (event.origin === flowOrigin && fromPopup && isAuthCompleteMessage(data)) {
        window.clearInterval(timer.current);
        setPhase('finished');
        onReturnRef.current();
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [phase, url]);

  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    const popup = window.open(url, 'navigator-auth', 'popup=yes,width=560,height=760');
    if (!popup) return; // blocked: the link's own target=_blank opens a tab instead
    event.preventDefault();
    popupRef.current = popup;
    popup.focus();
    setPhase('open');
    window.clearInterval(timer.current);
    timer.current = window.setInterval(() => {
      if (!popup.closed) return;
      window.clearInterval(timer.current);
      setPhase('finished');
      onReturnRef.current();
    }, 500);
  };

  if (!isOnOrigin(url, navigatorOrigin)) {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer">
        {url}
      </a>
    );
  }

  const names = servers.length > 0 ? joinNames(servers) : 'your accounts';
  // Once the side panel's status says these servers are connected, the card says so too.
  const done = connectDone(servers, pending);
  return (
    <section
      className={`connect-card${done ? ' done' : ''}`}
      aria-label="Connect your accounts"
      data-testid="connect-card"
      data-done={done}
    >
      <div className="connect-icon" aria-hidden="true">
        {done ? '✓' : <LinkIcon />}
      </div>
      <div className="connect-body">
        {done ? (
          <>
            <h3>{servers.length > 0 ? `${names} connected` : 'Accounts connected'}</h3>
            <p>Tell the assistant you are done and it will carry on where it left off.</p>
          </>
        ) : (
          <>
            <h3>Connect your accounts</h3>
            <p>
              The assistant needs access to {names}. You sign in once and approve access on each service's own page.
            </p>
          </>
        )}
        <a
          className={`button ${done ? 'secondary small' : 'primary'}`}
          href={url}
          target="_blank"
          rel="opener"
          onClick={open}
        >
          {done ? 'Open the link again' : connectLabel(servers)}
        </a>
        <p className="connect-phase" role="status">
          {phase === 'open' && 'Finish in the window that opened, then come back here.'}
          {phase === 'finished' && !done && 'Welcome back. The side panel shows which accounts are connected now.'}
        </p>
      </div>
    </section>
  );
}
