/**
 * Navigator instances with the In-Chat Authentication switch (B6), the preview link icon next to
 * it (B14), and the project's default authentication link with a copy button (B8). The preview is
 * the link's first page as a signed-out new user sees it, fetched by the app server without the
 * admin's navigator session (an admin who has used the flow would otherwise see their own "All done").
 */
import { useId, useState } from 'react';
import { LinkIcon } from '../ui/LinkIcon.js';
import { ApiError, AUTH_PREVIEW_PATH, setInChatAuth, type Instance, type Project } from '../api.js';
import { AddInstanceForm } from './AddInstanceForm.js';
import { copyToClipboard } from './clipboard.js';
import type { Notice } from './ServersSection.js';
import { NameCell, TableSection } from './TableSection.js';

interface SectionProps {
  project: Project;
  onChanged: () => Promise<void>;
  onNotice: (notice: Notice | null) => void;
}

function InstanceRow({ instance, project, onChanged, onNotice }: SectionProps & { instance: Instance }) {
  const labelId = useId();
  const reasonId = useId();
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const unavailable = !project.in_chat_auth_available;
  const reason =
    project.in_chat_auth_unavailable_reason ??
    'In-Chat Authentication needs at least one user-level server in the project.';
  const link = project.default_auth_link;

  const toggle = async () => {
    setPending(true);
    setRefusal(null);
    const enabling = !instance.in_chat_auth;
    try {
      await setInChatAuth(instance.id, enabling);
      onNotice({ tone: 'ok', text: `In-Chat Authentication is ${enabling ? 'on' : 'off'} for ${instance.name}.` });
    } catch (err) {
      // The refusal (e.g. 409: no user-level server) is shown next to the switch it concerns.
      onNotice(null);
      setRefusal(err instanceof ApiError ? err.message : String(err));
    } finally {
      await onChanged();
      setPending(false);
    }
  };

  return (
    <tr data-instance={instance.id}>
      <NameCell name={instance.name} id={instance.id} />
      <td>
        <div className="toggle-row">
          <button
            type="button"
            role="switch"
            className="switch"
            aria-checked={instance.in_chat_auth}
            aria-labelledby={labelId}
            aria-describedby={unavailable || refusal ? reasonId : undefined}
            // Not disabled while the request runs: a disabled button drops keyboard focus to the page.
            disabled={unavailable && !instance.in_chat_auth}
            aria-busy={pending}
            onClick={() => {
              if (!pending) void toggle();
            }}
          />
          <span id={labelId} className="switch-label">
            In-Chat Authentication
          </span>
          {link && instance.in_chat_auth ? (
            <a
              className="button secondary icon-button"
              href={AUTH_PREVIEW_PATH}
              target="_blank"
              rel="noopener noreferrer"
              aria-label="Preview authentication page"
              title="Preview the authentication page as a signed-out new user sees it"
            >
              <LinkIcon />
            </a>
          ) : (
            <button
              type="button"
              className="button secondary icon-button"
              disabled
              aria-label="Preview authentication page"
              title="Enable In-Chat Authentication to preview the authentication page"
            >
              <LinkIcon />
            </button>
          )}
        </div>
        {(refusal || unavailable) && (
          <p id={reasonId} className="reason" role={refusal ? 'alert' : undefined} data-testid="in-chat-auth-reason">
            {refusal ?? reason}
          </p>
        )}
      </td>
    </tr>
  );
}

function CopyableLink({ url }: { url: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const inputId = useId();
  const copy = async () => setCopied(await copyToClipboard(url, inputId, 'link'));
  return (
    <>
      <label htmlFor={inputId} className="label">
        Default authentication link
      </label>
      <p className="hint">
        Share it with your users: it connects every user-level server of the project and does not expire.
      </p>
      <div className="link-row">
        <input id={inputId} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button secondary" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p role="status" className="muted copy-status">
        {copied}
      </p>
    </>
  );
}

export function InstancesSection({ project, onChanged, onNotice }: SectionProps) {
  return (
    <TableSection
      id="instances"
      title="Navigator instances"
      intro={
        <>
          Turn on In-Chat Authentication to give the agent the <code>get_authentication_link</code> tool.
        </>
      }
      columns={['Instance', 'Caylex capabilities']}
      rows={project.instances.map((i) => (
        <InstanceRow key={i.id} instance={i} project={project} onChanged={onChanged} onNotice={onNotice} />
      ))}
      empty={project.instances.length === 0 ? 'No instances.' : null}
    >
      <AddInstanceForm onAdded={onChanged} onNotice={onNotice} />
      <div className="card section link-card">
        {project.default_auth_link ? (
          <CopyableLink url={project.default_auth_link.url} />
        ) : (
          <p className="muted" data-testid="no-default-link">
            No default authentication link yet. Enabling In-Chat Authentication creates one for the project.
          </p>
        )}
      </div>
    </TableSection>
  );
}
