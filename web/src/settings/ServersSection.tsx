/**
 * The project's servers: change a server's auth level, remove it, add one. Removing the last
 * user-level server switches In-Chat Authentication off (B7); the page says so. Remove first asks
 * for confirmation, saying how many users' connections it revokes.
 */
import { useState, type FormEvent } from 'react';
import { addServer, removeServer, setAuthLevel, type Project, type ProjectServer, type Revocation } from '../api.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { connectedUsersOf, connectionsPhrase } from './connected-users.js';
import { NameCell, TableSection } from './TableSection.js';
import { TextField } from './TextField.js';
import { failureNotice } from './NoticeRegion.js';

type AuthLevel = ProjectServer['auth_level'];
const LEVELS: ReadonlyArray<{ value: AuthLevel; label: string }> = [
  { value: 'user', label: 'User-level' },
  { value: 'project', label: 'Project-level' },
  { value: 'none', label: 'No auth' },
];

/** The select's value as an auth level (the options only offer valid ones). */
function toLevel(value: string): AuthLevel {
  return LEVELS.find((l) => l.value === value)?.value ?? 'user';
}

/** What happened at the providers, when the navigator reports it. */
function revocationNote(r: Revocation | undefined): string {
  if (!r || r.attempted + r.unsupported === 0) return '';
  const parts = [`Revoked ${r.revoked} of ${r.attempted + r.unsupported} grants at the provider`];
  if (r.unsupported > 0) parts.push(`${r.unsupported} where the provider offers no revocation (deleted here only)`);
  if (r.failed > 0) parts.push(`${r.failed} failed (logged by the navigator)`);
  return ` ${parts.join('; ')}.`;
}

function autoDisabledNote(disabled: string[]): string {
  return disabled.length > 0
    ? ` In-Chat Authentication was switched off on ${disabled.join(', ')}: no user-level server is left.`
    : '';
}

export interface Notice {
  /** warn: the change went through but switched something off (B7). */
  tone: 'ok' | 'warn' | 'error';
  text: string;
}

interface Props {
  project: Project;
  onChanged: () => Promise<void>;
  onNotice: (notice: Notice) => void;
}

/** The auth level choices, as the options of both level selects (the add form and each row). */
const LEVEL_OPTIONS = LEVELS.map((l) => (
  <option key={l.value} value={l.value}>
    {l.label}
  </option>
));

const SERVER_NAME = { id: 'add-name', label: 'Name (slug)', pattern: '[a-z][a-z0-9\\-]{0,30}', placeholder: 'github' };
const SERVER_DISPLAY_NAME = { id: 'add-display', label: 'Display name', placeholder: 'GitHub' };
const SERVER_URL = { id: 'add-url', label: 'MCP URL', type: 'url', placeholder: 'https://example.com/mcp' };

function AddServerForm({ onAdded, onNotice }: { onAdded: () => Promise<void>; onNotice: (n: Notice) => void }) {
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [url, setUrl] = useState('');
  const [level, setLevel] = useState<AuthLevel>('user');
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    try {
      await addServer({ name: name.trim(), display_name: displayName.trim(), mcp_url: url.trim(), auth_level: level });
      onNotice({ tone: 'ok', text: `Added ${displayName.trim()}.` });
      setName('');
      setDisplayName('');
      setUrl('');
      await onAdded();
    } catch (err) {
      onNotice(failureNotice('Could not add the server', err));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="card add-card">
      <h3 id="add-server-title">Add a server</h3>
      <p>Any MCP server over Streamable HTTP. User-level servers join the authentication link at once.</p>
      <form className="add-form" onSubmit={(e) => void submit(e)} aria-labelledby="add-server-title">
        <TextField {...SERVER_NAME} value={name} onValue={setName} />
        <TextField {...SERVER_DISPLAY_NAME} value={displayName} onValue={setDisplayName} />
        <TextField {...SERVER_URL} value={url} onValue={setUrl} />
        <div className="field">
          <label htmlFor="add-level">Auth level</label>
          <select id="add-level" value={level} onChange={(e) => setLevel(toLevel(e.target.value))}>
            {LEVEL_OPTIONS}
          </select>
        </div>
        <button type="submit" className="button primary" disabled={pending}>
          Add server
        </button>
      </form>
    </div>
  );
}

interface PendingRemoval {
  server: ProjectServer;
  /** Users whose connections go; null when the navigator cannot say. */
  connected: number | null;
}

function RemovalText({ server, connected }: PendingRemoval) {
  const name = server.display_name;
  return (
    <>
      <p data-testid="remove-consequence">
        {connected === null
          ? `Every user's connection to ${name} is revoked and deleted.`
          : connected === 0
            ? `No user has connected ${name}: no user connection is revoked.`
            : `This revokes and deletes ${connectionsPhrase(connected)} to ${name}.`}
        {server.auth_level === 'project' && server.has_shared_credential
          ? " The project's shared credential is revoked too."
          : ''}
      </p>
      <p>
        The agent loses its tools at once. Adding the server again does not bring the connections back: each user
        connects again.
      </p>
    </>
  );
}

export function ServersSection({ project, onChanged, onNotice }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const [removal, setRemoval] = useState<PendingRemoval | null>(null);

  // Controls stay enabled while a change runs (a disabled control drops keyboard focus); one change at a time.
  const run = async (name: string, action: () => Promise<Notice>) => {
    if (busy !== null) return;
    setBusy(name);
    let notice: Notice;
    try {
      notice = await action();
    } catch (err) {
      notice = { tone: 'error', text: err instanceof Error ? err.message : String(err) };
    }
    // Reload before announcing, so the notice never describes a table that still shows the old state.
    try {
      await onChanged();
    } finally {
      onNotice(notice);
      setBusy(null);
    }
  };
  // Count first, then ask: the dialog names the number of users' connections the removal revokes.
  const askRemove = async (s: ProjectServer) => {
    if (busy !== null) return;
    setBusy(s.name);
    const connected = await connectedUsersOf(s).catch(() => null);
    setBusy(null);
    setRemoval({ server: s, connected });
  };
  const remove = (s: ProjectServer) =>
    run(s.name, async () => {
      const { disabled_instances: disabled, revocation } = await removeServer(s.name);
      const warn = disabled.length > 0 || (revocation?.failed ?? 0) > 0;
      return {
        tone: warn ? 'warn' : 'ok',
        text: `Removed ${s.display_name}.${revocationNote(revocation)}${autoDisabledNote(disabled)}`,
      };
    });
  const changeLevel = (s: ProjectServer, level: AuthLevel) =>
    run(s.name, async () => {
      const { disabled_instances: disabled, revocation } = await setAuthLevel(s.name, level);
      const text = `${s.display_name} now uses ${LEVELS.find((l) => l.value === level)?.label ?? level} auth.${revocationNote(revocation)}${autoDisabledNote(disabled)}`;
      return { tone: disabled.length > 0 || (revocation?.failed ?? 0) > 0 ? 'warn' : 'ok', text };
    });

  return (
    <TableSection
      id="servers"
      title="Servers"
      intro="User-level servers are what the authentication link connects."
      columns={[
        'Server',
        'MCP URL',
        'Auth level',
        'Shared credential',
        <span className="visually-hidden">Actions</span>,
      ]}
      empty={project.servers.length === 0 ? 'No servers. Add one below.' : null}
      rows={project.servers.map((s) => (
        <tr key={s.name} data-server={s.name}>
          <NameCell name={s.display_name} id={s.name} />
          <td data-label="MCP URL">
            <code>{s.mcp_url}</code>
          </td>
          <td data-label="Auth level">
            <select
              aria-label={`Auth level for ${s.display_name}`}
              value={s.auth_level}
              aria-busy={busy === s.name}
              onChange={(e) => void changeLevel(s, toLevel(e.target.value))}
            >
              {LEVEL_OPTIONS}
            </select>
          </td>
          <td data-label="Shared credential">
            {s.auth_level === 'project' ? (
              s.has_shared_credential ? (
                <span className="pill tone-ok">Configured</span>
              ) : (
                <span className="pill tone-warn">Missing</span>
              )
            ) : (
              <span className="muted">Not used</span>
            )}
          </td>
          <td>
            <button
              type="button"
              className="button danger small"
              disabled={busy === s.name}
              onClick={() => void askRemove(s)}
            >
              Remove<span className="visually-hidden"> {s.display_name}</span>
            </button>
          </td>
        </tr>
      ))}
    >
      <AddServerForm onAdded={onChanged} onNotice={onNotice} />
      <ConfirmDialog
        open={removal !== null}
        title={removal ? `Remove ${removal.server.display_name}?` : 'Remove the server?'}
        confirmLabel="Yes, remove"
        onCancel={() => setRemoval(null)}
        onConfirm={() => {
          const target = removal?.server;
          setRemoval(null);
          if (target) void remove(target);
        }}
      >
        {removal && <RemovalText {...removal} />}
      </ConfirmDialog>
    </TableSection>
  );
}
