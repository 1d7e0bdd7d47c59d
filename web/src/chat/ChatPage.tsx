/**
 * The chat page: sign-in gate, then the workspace (side panel with the history + conversation).
 * Owns the status refresh, the model choice and the open conversation, whose id is in the URL
 * (`/?c=<id>`) and remembered per user, so a reload, Back, or a visit to Settings and back reopens
 * it from the server. Switching user remounts the workspace so nothing of one user's conversation
 * or status survives into another's.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UIMessage } from 'ai';
import type { AuthLinkResult } from '../../../server/shared/contracts.js';
import {
  ApiError,
  closeConversationSession,
  deleteConversation,
  getConversation,
  getModels,
  getSession,
  getStatus,
  listConversations,
  signIn,
  signOut,
  type ConversationSummary,
  type Models,
} from '../api.js';
import { Conversation } from './Conversation.js';
import { HistoryList } from './HistoryList.js';
import { SidePanel } from './SidePanel.js';
import { SignIn } from './SignIn.js';
import { isAuthCompleteMessage } from './tool-parts.js';

const MODEL_KEY = 'navigator-chat.model';
const openKey = (user: string) => `navigator-chat.open.${user}`;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;

function newConversationId(): string {
  return crypto.randomUUID();
}

/** The conversation id in the address (`?c=`), when it is one. */
function conversationInUrl(): string | null {
  const id = new URLSearchParams(window.location.search).get('c');
  return id && ID_PATTERN.test(id) ? id : null;
}

function forgetConversationInUrl(): void {
  if (window.location.search) history.replaceState(null, '', window.location.pathname);
}

interface OpenConversation {
  id: string;
  messages: UIMessage[];
}

function Workspace({ user, onUserChange }: { user: string; onUserChange: (user: string | null) => void }) {
  const [open, setOpen] = useState<OpenConversation | null>(null);
  const openIdRef = useRef<string | undefined>(undefined);
  openIdRef.current = open?.id;
  const [conversations, setConversations] = useState<ConversationSummary[] | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [status, setStatus] = useState<AuthLinkResult | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [statusLoading, setStatusLoading] = useState(false);
  const [models, setModels] = useState<Models | null>(null);
  const [model, setModel] = useState<string | undefined>(undefined);
  const [panelOpen, setPanelOpen] = useState(false);

  const refreshStatus = useCallback(async () => {
    setStatusLoading(true);
    try {
      setStatus(await getStatus());
      setStatusError(null);
    } catch (err) {
      setStatusError(err instanceof Error ? err.message : String(err));
    } finally {
      setStatusLoading(false);
    }
  }, []);

  const refreshHistory = useCallback(async () => {
    try {
      setConversations((await listConversations()).conversations);
      setHistoryError(null);
    } catch (err) {
      setHistoryError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  /** Shows `id` and records it in the address (push: a new history entry; replace: this one). */
  const show = useCallback(
    (id: string, messages: UIMessage[], how: 'push' | 'replace' | 'none') => {
      localStorage.setItem(openKey(user), id);
      const url = `/?c=${encodeURIComponent(id)}`;
      if (how === 'push') history.pushState(null, '', url);
      if (how === 'replace') history.replaceState(null, '', url);
      setOpen({ id, messages });
    },
    [user],
  );

  const startNew = useCallback((how: 'push' | 'replace') => show(newConversationId(), [], how), [show]);

  /**
   * Opens a stored conversation. A reopened one gets a new navigator session on its next turn, as a
   * new conversation would (so its tool list reflects the user's servers now). An id that is not
   * stored yet (a new conversation before its first answer) opens empty under that id.
   */
  const openConversation = useCallback(
    async (id: string, how: 'push' | 'replace' | 'none') => {
      setNotice(null);
      try {
        const stored = await getConversation(id);
        await closeConversationSession(id).catch(() => undefined);
        show(id, stored.messages, how);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return show(id, [], how);
        setNotice(
          err instanceof ApiError && err.status === 403
            ? 'That conversation belongs to another user, so a new one is open.'
            : `Could not open the conversation: ${err instanceof Error ? err.message : String(err)}`,
        );
        startNew('replace');
      }
    },
    [show, startNew],
  );

  // First load: the conversation in the address, else the one this user had open last, else a new one.
  useEffect(() => {
    const id = conversationInUrl() ?? localStorage.getItem(openKey(user));
    if (id && ID_PATTERN.test(id)) void openConversation(id, 'replace');
    else startNew('replace');
    void refreshHistory();
  }, [user, openConversation, startNew, refreshHistory]);

  // Back and Forward move between conversations opened on this page.
  useEffect(() => {
    const onPop = () => {
      const id = conversationInUrl();
      if (id && id !== openIdRef.current) void openConversation(id, 'none');
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [openConversation]);

  useEffect(() => {
    void refreshStatus();
    getModels()
      .then((m) => {
        setModels(m);
        const saved = localStorage.getItem(MODEL_KEY);
        setModel(saved && m.models.some((x) => x.id === saved) ? saved : m.default);
      })
      .catch(() => setModels({ default: '', models: [] }));
  }, [refreshStatus]);

  // The guided flow tells the opener when it is done, even if the popup stays open.
  useEffect(() => {
    const onMessage = (event: MessageEvent<unknown>) => {
      const data = event.data;
      if (isAuthCompleteMessage(data)) void refreshStatus();
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [refreshStatus]);

  const changeModel = (id: string) => {
    setModel(id);
    localStorage.setItem(MODEL_KEY, id);
  };
  // Leaving a conversation ends its navigator session at once instead of when it idles out.
  const leave = () => {
    if (open) void closeConversationSession(open.id).catch(() => undefined);
  };
  const newConversation = () => {
    leave();
    startNew('push');
    void refreshStatus();
  };
  const openFromHistory = (id: string) => {
    if (id === open?.id) return;
    leave();
    void openConversation(id, 'push');
  };
  const removeConversation = async (id: string) => {
    try {
      await deleteConversation(id);
      if (id === open?.id) startNew('replace');
    } catch (err) {
      setNotice(`Could not delete the conversation: ${err instanceof Error ? err.message : String(err)}`);
    }
    await refreshHistory();
  };
  const doSignOut = async () => {
    await signOut().catch(() => undefined);
    forgetConversationInUrl();
    onUserChange(null);
  };
  const switchUser = async (next: string) => {
    await signOut().catch(() => undefined);
    forgetConversationInUrl();
    try {
      onUserChange((await signIn(next, next)).user);
    } catch {
      onUserChange(null);
    }
  };
  // null while the status is unknown, so a Connect card does not claim success before it has loaded.
  const pendingServers = status === null ? null : status.servers.filter((s) => s.state === 'needs_connecting' || s.state === 'expired').map((s) => s.display_name);

  return (
    <main id="main" className="chat-layout">
      <button type="button" className="button secondary panel-toggle" aria-expanded={panelOpen} aria-controls="side-panel" onClick={() => setPanelOpen((o) => !o)}>
        {panelOpen ? 'Hide account and servers' : `Account and servers (${user})`}
      </button>
      <aside id="side-panel" className={`side-panel${panelOpen ? ' open' : ''}`} aria-label="Account, servers and model">
        <SidePanel
          user={user}
          status={status}
          statusError={statusError}
          statusLoading={statusLoading}
          models={models}
          model={model}
          onModelChange={changeModel}
          onRefreshStatus={() => void refreshStatus()}
          onNewConversation={newConversation}
          onSignOut={() => void doSignOut()}
          onSwitchUser={(u) => void switchUser(u)}
        />
        <HistoryList conversations={conversations} error={historyError} currentId={open?.id} onOpen={openFromHistory} onDelete={(id) => void removeConversation(id)} />
      </aside>
      {open ? (
        <Conversation
          key={open.id}
          conversationId={open.id}
          initialMessages={open.messages}
          notice={notice}
          model={model}
          pendingServers={pendingServers}
          onTurnFinished={() => {
            void refreshStatus();
            void refreshHistory();
          }}
          onAuthReturn={() => void refreshStatus()}
        />
      ) : (
        <section className="conversation" aria-label="Conversation">
          <p className="page-loading" role="status">Loading the conversation…</p>
        </section>
      )}
    </main>
  );
}

export function ChatPage() {
  const [user, setUser] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getSession()
      .then(setUser)
      .catch((err: unknown) => {
        setError(err instanceof Error ? err.message : String(err));
        setUser(null);
      });
  }, []);

  if (user === undefined) return <p className="page-loading" role="status">Loading…</p>;
  if (user === null) {
    return (
      <main id="main" className="page">
        {error && <p className="banner error" role="alert">{error}</p>}
        <SignIn onSignedIn={(u) => { setError(null); setUser(u); }} />
      </main>
    );
  }
  return <Workspace key={user} user={user} onUserChange={setUser} />;
}
