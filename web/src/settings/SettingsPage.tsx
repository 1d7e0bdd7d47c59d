/**
 * The Settings page, by role. An admin manages the navigator for the demo project (B14, B6, B7):
 * instances with the In-Chat Authentication switch and preview link, the default link, and the
 * servers table; every change reloads the project from the navigator, so what the page shows is
 * what the navigator holds. A user sees their own connections instead (the settings API is
 * admin-only on the app server). Both see their own connections.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, getProject, getSessionInfo, signOut, type Project, type SessionInfo } from '../api.js';
import { SessionLoading, SignInPage } from '../chat/SignIn.js';
import { ConnectionsSection } from './ConnectionsSection.js';
import { InstancesSection } from './InstancesSection.js';
import { ServersSection, type Notice } from './ServersSection.js';
import { NoticeRegion } from './NoticeRegion.js';

function AdminSettings({ onSignedOut }: { onSignedOut: () => void }) {
  const [project, setProject] = useState<Project | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const load = useCallback(async () => {
    try {
      setProject(await getProject());
      setLoadError(null);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        onSignedOut();
        return;
      }
      setLoadError(err instanceof Error ? err.message : String(err));
    }
  }, [onSignedOut]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <main id="main" className="page">
      <h1>Navigator settings</h1>
      <p className="muted">
        {project ? (
          <>
            Project <strong>{project.name}</strong> (<code>{project.id}</code>)
          </>
        ) : (
          'Loading the project…'
        )}
      </p>
      {loadError && (
        <div className="banner error" role="alert">
          Could not load the project: {loadError}{' '}
          <button type="button" className="button secondary small" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      <NoticeRegion notice={notice} testId="settings-notice" />
      {project && (
        <>
          <InstancesSection project={project} onChanged={load} onNotice={setNotice} />
          <ServersSection project={project} onChanged={load} onNotice={setNotice} />
        </>
      )}
      <ConnectionsSection />
    </main>
  );
}

function UserSettings({ session, onSwitch }: { session: SessionInfo; onSwitch: () => void }) {
  return (
    <main id="main" className="page">
      <ConnectionsSection headingLevel={1} />
      <p className="muted admin-only-note" data-testid="admin-only-note">
        Managing the navigator (servers, instances, keys) needs an admin account; {session.user} is a user.{' '}
        <button type="button" className="button ghost small" onClick={onSwitch}>
          Sign in as an admin
        </button>
      </p>
    </main>
  );
}

export default function SettingsPage() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  const loadSession = useCallback(() => {
    getSessionInfo()
      .then((s) => {
        setSession(s);
        setError(null);
      })
      .catch((err: unknown) => {
        setError(err instanceof Error ? err.message : String(err));
        setSession(null);
      });
  }, []);

  useEffect(loadSession, [loadSession]);

  const switchToAdmin = () => {
    void signOut()
      .catch(() => undefined)
      .then(() => setSession(null));
  };

  if (session === undefined) return <SessionLoading />;
  if (session === null) {
    const title = 'Sign in to your settings';
    const hint = 'Sign in as admin to manage the navigator; users see their own connections.';
    return <SignInPage error={error} title={title} hint={hint} onSignedIn={loadSession} />;
  }
  return session.role === 'admin' ? (
    <AdminSettings onSignedOut={() => setSession(null)} />
  ) : (
    <UserSettings session={session} onSwitch={switchToAdmin} />
  );
}
