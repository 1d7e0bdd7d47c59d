/**
 * The chat page's conversations: which one is open (its id in the URL as `?c=<id>` and remembered
 * per user, so a reload, Back/Forward or a visit to another page reopens it from the server), the
 * user's history list, and opening, starting, leaving and deleting conversations.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UIMessage } from 'ai';
import {
  ApiError,
  closeConversationSession,
  deleteConversation,
  getConversation,
  listConversations,
  type ConversationSummary,
} from '../api.js';

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

/** Drops `?c=` (on sign-out or a user switch, so the next user starts from their own last conversation). */
export function forgetConversationInUrl(): void {
  if (window.location.search) history.replaceState(null, '', window.location.pathname);
}

export interface OpenConversation {
  id: string;
  messages: UIMessage[];
}

/** The signed-in user's open conversation and history, and what the page can do with them. */
export function useConversations(user: string) {
  const [open, setOpen] = useState<OpenConversation | null>(null);
  const openIdRef = useRef<string | undefined>(undefined);
  openIdRef.current = open?.id;
  const [conversations, setConversations] = useState<ConversationSummary[] | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

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

  // Leaving a conversation ends its navigator session at once instead of when it idles out.
  const leave = () => {
    if (open) void closeConversationSession(open.id).catch(() => undefined);
  };
  const newConversation = () => {
    leave();
    startNew('push');
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

  return {
    open,
    conversations,
    historyError,
    notice,
    refreshHistory,
    newConversation,
    openFromHistory,
    remove: removeConversation,
  };
}
