/**
 * The side panel: who is signed in (with a quick switch to the other demo accounts), the user's
 * servers and their states with a way to the user's own connections page whenever something needs
 * connecting, the model in use, and "New conversation".
 */
import { useId } from 'react';
import type { AuthLinkResult } from '../../../server/shared/contracts.js';
import { DEMO_ADMIN, DEMO_USERS } from '../../../server/shared/contracts.js';
import type { Model, Models } from '../api.js';
import { stateView } from './server-states.js';
import '../ui/ui.css';

/** The user's own connections (the Settings page shows them to every role). */
export const CONNECTIONS_HREF = '/settings#connections';
const NEEDS_ACTION = new Set(['needs_connecting', 'expired']);

/** The offline demo model is always labeled as such, without repeating a label that already says so. */
export function modelLabel(m: Model): string {
  return m.offline && !/offline demo model/i.test(m.label) ? `${m.label} (Offline demo model)` : m.label;
}

export interface SidePanelProps {
  user: string;
  status: AuthLinkResult | null;
  statusError: string | null;
  statusLoading: boolean;
  models: Models | null;
  model: string | undefined;
  onModelChange: (id: string) => void;
  onRefreshStatus: () => void;
  onNewConversation: () => void;
  onSignOut: () => void;
  onSwitchUser: (user: string) => void;
}

export function SidePanel(props: SidePanelProps) {
  const modelSelectId = useId();
  const { user, status, statusError, models, model } = props;
  const current = models?.models.find((m) => m.id === model);
  const needsAction = !statusError && (status?.servers ?? []).some((s) => NEEDS_ACTION.has(s.state));
  // Without a link in the status (In-Chat Authentication off), the assistant cannot hand one out.
  const noLink = status !== null && !status.auth_link;
  return (
    <div className="side-panel-inner">
      <section className="panel-section" aria-labelledby="panel-user">
        <h2 id="panel-user" className="panel-title">
          Signed in
        </h2>
        <p className="user-line">
          <span className="user-avatar" aria-hidden="true">
            {user.slice(0, 1).toUpperCase()}
          </span>
          <span data-testid="signed-in-user">{user}</span>
          <button type="button" className="button ghost small push-right" onClick={props.onSignOut}>
            Sign out
          </button>
        </p>
        <div className="switch-users" role="group" aria-labelledby="switch-users-label">
          <span id="switch-users-label" className="switch-users-label">
            Switch to
          </span>
          {[...DEMO_USERS, DEMO_ADMIN]
            .filter((u) => u !== user)
            .map((u) => (
              <button
                key={u}
                type="button"
                className="button secondary small"
                aria-label={`Sign in as ${u}`}
                onClick={() => props.onSwitchUser(u)}
              >
                <span className="user-avatar tiny" aria-hidden="true">
                  {u.slice(0, 1).toUpperCase()}
                </span>
                {u}
              </button>
            ))}
        </div>
      </section>

      <section className="panel-section" aria-labelledby="panel-servers">
        <div className="panel-title-row">
          <h2 id="panel-servers" className="panel-title">
            Your servers
          </h2>
          <button
            type="button"
            className="button ghost small"
            onClick={props.onRefreshStatus}
            disabled={props.statusLoading}
          >
            {props.statusLoading ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
        {statusError && (
          <p className="form-error" role="alert">
            Status unavailable: {statusError}
          </p>
        )}
        <ul className="server-list" data-testid="server-list">
          {(status?.servers ?? []).map((s) => {
            const view = stateView(statusError ? undefined : s.state);
            return (
              <li key={s.name} className="server-row" data-server={s.name} data-state={s.state}>
                <span className={`status-dot tone-${view.tone}`} aria-hidden="true" />
                <span className="server-name">{s.display_name}</span>
                <span className={`pill tone-${view.tone}`}>{view.label}</span>
                <span className="server-hint">
                  {noLink && s.state === 'needs_connecting' ? 'Connect it on your connections page' : view.hint}
                </span>
              </li>
            );
          })}
          {status && status.servers.length === 0 && <li className="muted">No servers in this project.</li>}
        </ul>
        {needsAction && (
          <a
            className="button secondary small panel-connect-link"
            href={CONNECTIONS_HREF}
            data-testid="connections-link"
          >
            Open your connections
          </a>
        )}
      </section>

      <section className="panel-section" aria-labelledby="panel-model">
        <h2 id="panel-model" className="panel-title">
          Model
        </h2>
        <label htmlFor={modelSelectId} className="visually-hidden">
          Model in use
        </label>
        <select
          id={modelSelectId}
          title={current?.label}
          value={model ?? ''}
          onChange={(e) => props.onModelChange(e.target.value)}
          disabled={!models}
        >
          {!models && <option value="">Loading…</option>}
          {models?.models.map((m) => (
            <option key={m.id} value={m.id}>
              {modelLabel(m)}
            </option>
          ))}
        </select>
        {current?.offline && (
          <p className="model-note" data-testid="offline-model-note">
            <span className="pill tone-info">Offline demo model</span> Scripted answers, no network or API key.
          </p>
        )}
        {current && !current.offline && (
          // A long label (model and host) is cut off inside the select; here it wraps in full.
          <p className="model-note" data-testid="model-detail">
            <span className="pill tone-ok">Live model</span> {current.label}
          </p>
        )}
      </section>

      <button type="button" className="button primary block" onClick={props.onNewConversation}>
        New conversation
      </button>
    </div>
  );
}
