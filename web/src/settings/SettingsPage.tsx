/**
 * The navigator settings page for the demo project (B14, B6, B7): instances with the In-Chat
 * Authentication switch and preview link, the default link, and the servers table. Every change
 * reloads the project from the navigator, so what the page shows is what the navigator holds.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, getProject, type Project } from '../api.js';
import { SignIn } from '../chat/SignIn.js';
import { InstancesSection } from './InstancesSection.js';
import { ServersSection, type Notice } from './ServersSection.js';

export default function SettingsPage() {
  const [project, setProject] = useState<Project | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [needsSignIn, setNeedsSignIn] = useState(false);

  const load = useCallback(async () => {
    try {
      setProject(await getProject());
      setLoadError(null);
      setNeedsSignIn(false);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setNeedsSignIn(true);
        return;
      }
      setLoadError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (needsSignIn) {
    return (
      <main id="main" className="page">
        <SignIn title="Sign in to manage the navigator" onSignedIn={() => void load()} />
      </main>
    );
  }

  return (
    <main id="main" className="page">
      <h1>Navigator settings</h1>
      <p className="muted">
        {project ? <>Project <strong>{project.name}</strong> (<code>{project.id}</code>)</> : 'Loading the project…'}
      </p>
      {loadError && (
        <div className="banner error" role="alert">
          Could not load the project: {loadError}{' '}
          <button type="button" className="button secondary small" onClick={() => void load()}>Try again</button>
        </div>
      )}
      <div aria-live="polite">
        {notice && <p className={`banner ${notice.tone}`} data-testid="settings-notice">{notice.text}</p>}
      </div>
      {project && (
        <>
          <InstancesSection project={project} onChanged={load} onNotice={setNotice} />
          <ServersSection project={project} onChanged={load} onNotice={setNotice} />
        </>
      )}
    </main>
  );
}
