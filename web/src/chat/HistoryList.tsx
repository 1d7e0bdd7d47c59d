/**
 * The signed-in user's stored conversations, most recent first: open one (the URL follows) or
 * delete it. The open conversation is marked with `aria-current`.
 */
import type { ConversationSummary } from '../api.js';

export interface HistoryListProps {
  conversations: ConversationSummary[] | null;
  error: string | null;
  currentId: string | undefined;
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
}

const WHEN = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function when(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : WHEN.format(t);
}

export function HistoryList({ conversations, error, currentId, onOpen, onDelete }: HistoryListProps) {
  return (
    <section className="panel-section history" aria-labelledby="panel-history">
      <h2 id="panel-history" className="panel-title">
        History
      </h2>
      {error && (
        <p className="form-error" role="alert">
          History unavailable: {error}
        </p>
      )}
      {conversations === null && !error && <p className="muted">Loading…</p>}
      {conversations?.length === 0 && <p className="muted">No conversations yet.</p>}
      <ul className="history-list" data-testid="history-list">
        {(conversations ?? []).map((c) => (
          <li key={c.id} className="history-item" data-conversation={c.id}>
            <button
              type="button"
              className="history-open"
              aria-current={c.id === currentId ? 'true' : undefined}
              onClick={() => onOpen(c.id)}
            >
              <span className="history-title">{c.title}</span>
              <time className="history-time" dateTime={c.updated_at}>
                {when(c.updated_at)}
              </time>
            </button>
            {/* Named by its content, not aria-label, so the composer stays the only control labeled "Message". */}
            <button
              type="button"
              className="button ghost small history-delete"
              title="Delete"
              onClick={() => onDelete(c.id)}
            >
              <span aria-hidden="true">✕</span>
              <span className="visually-hidden">Delete conversation: {c.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
