/**
 * Adds a navigator instance (admin). The navigator answers its API key once, in the creation answer
 * (it keeps only a hash), so the page shows it once, to this admin, until they dismiss it; it is held
 * in this component's state only, never stored.
 */
import { useId, useState, type FormEvent } from 'react';
import { addInstance } from '../api.js';
import type { Notice } from './ServersSection.js';
import { copyToClipboard } from './clipboard.js';
import { TextField } from './TextField.js';
import { failureNotice } from './NoticeRegion.js';

const INSTANCE_ID = {
  id: 'add-instance-id',
  label: 'Instance id',
  pattern: '[a-z0-9][a-z0-9\\-]{0,62}',
  placeholder: 'support-bot',
};
const INSTANCE_NAME = { id: 'add-instance-name', label: 'Instance name', maxLength: 80, placeholder: 'Support bot' };

export function AddInstanceForm({
  onAdded,
  onNotice,
}: {
  onAdded: () => Promise<void>;
  onNotice: (n: Notice) => void;
}) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const keyId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    try {
      const instance = await addInstance(id.trim(), name.trim());
      setCreated({ name: instance.name, key: instance.api_key });
      setCopied(null);
      setId('');
      setName('');
      onNotice({ tone: 'ok', text: `Added the instance ${instance.name}. Copy its key now: it is shown only once.` });
      await onAdded();
    } catch (err) {
      onNotice(failureNotice('Could not add the instance', err));
    } finally {
      setPending(false);
    }
  };

  const copy = async (key: string) => setCopied(await copyToClipboard(key, keyId, 'key'));

  return (
    <div className="card add-card">
      <h3 id="add-instance-title">Add an instance</h3>
      <p>
        An instance is one agent's MCP endpoint (<code>/mcp/ID</code>) with its own API key. Whoever holds the key acts
        as any user of the project.
      </p>
      <form className="add-form two" onSubmit={(e) => void submit(e)} aria-labelledby="add-instance-title">
        <TextField {...INSTANCE_ID} value={id} onValue={setId} />
        <TextField {...INSTANCE_NAME} value={name} onValue={setName} />
        <button type="submit" className="button primary" disabled={pending}>
          Add instance
        </button>
      </form>
      {created && (
        <div className="one-time-key" role="region" aria-label="New instance key" data-testid="new-instance-key">
          <label htmlFor={keyId} className="label">
            API key of {created.name}
          </label>
          <p className="hint">
            Shown once: the navigator keeps only a hash and cannot show it again. Keep it on the agent's server, never
            in a browser.
          </p>
          <div className="link-row">
            <input id={keyId} readOnly value={created.key} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" className="button secondary" onClick={() => void copy(created.key)}>
              Copy key
            </button>
            <button type="button" className="button ghost" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
          <p role="status" className="muted copy-status">
            {copied}
          </p>
        </div>
      )}
    </div>
  );
}
