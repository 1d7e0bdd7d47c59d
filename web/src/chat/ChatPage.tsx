/**
 * The chat page: sign-in gate, then the workspace (side panel with the history + conversation).
 * Owns the status refresh and the model choice; the open conversation and the history come from
 * `useConversations` (id in the URL, reopened from the server after a reload, Back, or a visit to
 * Settings). Switching user remounts the workspace so nothing of one user's conversation
 * or status survives into another's.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AuthLinkResult } from '../../../server/shared/contracts.js';
import { getModels, getSession, getStatus, signIn, signOut, type Models } from '../api.js';
import { Conversation } from './Conversation.js';
import { HistoryList } from './HistoryList.js';
import { SidePanel } from './SidePanel.js';
import { SessionLoading, SignInPage } from './SignIn.js';
import { isAuthCompleteMessage } from './tool-parts.js';
import { forgetConversationInUrl, useConversations } from './use-conversations.js';

const MODEL_KEY = 'navigator-chat.model';

function Workspace({ user, onUserChange }: { user: string; onUserChange: (user: string | null) => void }) {
  const chats = useConversations(user);
  const { open } = chats;
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
  const newConversation = () => {
    chats.newConversation();
    void refreshStatus();
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
  const pendingServers =
    status === null
      ? null
      : status.servers
          .filter((s) => s.state === 'needs_connecting' || s.state === 'expired')
          .map((s) => s.display_name);

  return (
    <main id="main" className="chat-layout">
      <button
        type="button"
        className="button secondary panel-toggle"
        aria-expanded={panelOpen}
        aria-controls="side-panel"
        onClick={() => setPanelOpen((o) => !o)}
      >
        {panelOpen ? 'Hide account and servers' : `Account and servers (${user})`}
      </button>
      <aside
        id="side-panel"
        className={`side-panel${panelOpen ? ' open' : ''}`}
        aria-label="Account, servers and model"
      >
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
        <HistoryList
          conversations={chats.conversations}
          error={chats.historyError}
          currentId={open?.id}
          onOpen={chats.openFromHistory}
          onDelete={(id) => void chats.remove(id)}
        />
      </aside>
      {open ? (
        <Conversation
          key={open.id}
          conversationId={open.id}
          initialMessages={open.messages}
          notice={chats.notice}
          model={model}
          pendingServers={pendingServers}
          onTurnFinished={() => {
            void refreshStatus();
            void chats.refreshHistory();
          }}
          onAuthReturn={() => void refreshStatus()}
        />
      ) : (
        <section className="conversation" aria-label="Conversation">
          <p className="page-loading" role="status">
            Loading the conversation…
          </p>
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

  if (user === undefined) return <SessionLoading />;
  if (user === null) {
    const signedIn = (u: string) => {
      setError(null);
      setUser(u);
    };
    return <SignInPage error={error} onSignedIn={signedIn} />;
  }
  return <Workspace key={user} user={user} onUserChange={setUser} />;
}
