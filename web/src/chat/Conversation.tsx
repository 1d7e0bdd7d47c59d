/**
 * The conversation pane: `useChat` over the agent server's `/api/chat` stream, the message list
 * (starting from the stored messages of a reopened conversation), message actions (copy any
 * answer, regenerate the last one, stop while it streams), a typing indicator, errors with a retry,
 * and the composer. A new conversation id starts a fresh chat (and, on the server, a fresh
 * navigator session).
 */
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport, type UIMessage } from 'ai';
import { MessageView } from './MessageView.js';
import { describeChatError } from './chat-errors.js';
import { CHAT_ERROR_PART, ChatErrorData, type ChatErrorCode } from '../../../server/shared/contracts.js';

export const EXAMPLE_PROMPT = 'Can you check my Slack messages and create a Linear issue?';

export interface ConversationProps {
  conversationId: string;
  /** The stored messages of a reopened conversation (empty for a new one). */
  initialMessages: UIMessage[];
  /** A page-level note shown above the messages (e.g. why a new conversation was opened). */
  notice: string | null;
  model: string | undefined;
  /** Display names of servers still to connect; null while unknown. */
  pendingServers: string[] | null;
  onTurnFinished: () => void;
  onAuthReturn: () => void;
}

export function Conversation({
  conversationId,
  initialMessages,
  notice,
  model,
  pendingServers,
  onTurnFinished,
  onAuthReturn,
}: ConversationProps) {
  const modelRef = useRef(model);
  const errorCode = useRef<ChatErrorCode | undefined>(undefined);
  modelRef.current = model;
  const finishedRef = useRef(onTurnFinished);
  finishedRef.current = onTurnFinished;
  // The body is resolved per request, so switching the model applies to the next message.
  const transport = useMemo(
    () =>
      new DefaultChatTransport({
        api: '/api/chat',
        credentials: 'same-origin',
        body: () => (modelRef.current ? { model: modelRef.current } : {}),
      }),
    [],
  );
  const { messages, sendMessage, status, error, regenerate, clearError, stop } = useChat({
    id: conversationId,
    messages: initialMessages,
    transport,
    onFinish: () => finishedRef.current(),
    // The agent sends a failure's stable code just before the stream's error (contracts.ts ChatErrorCode).
    onData: (part) => {
      if (part.type !== CHAT_ERROR_PART) return;
      const data = ChatErrorData.safeParse(part.data);
      if (data.success) errorCode.current = data.data.code;
    },
  });
  const [draft, setDraft] = useState('');
  const scroller = useRef<HTMLDivElement>(null);
  const busy = status === 'submitted' || status === 'streaming';

  // Scroll the pane itself (not an end marker into view) so its bottom padding stays visible under the last line.
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages, status, error]);

  const send = (text: string) => {
    const trimmed = text.trim();
    if (!trimmed || busy) return;
    if (error) clearError();
    errorCode.current = undefined;
    void sendMessage({ text: trimmed });
    setDraft('');
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send(draft);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send(draft);
    }
  };
  const retry = () => {
    clearError();
    errorCode.current = undefined;
    void regenerate();
  };
  const errorView = error ? describeChatError(error, errorCode.current) : undefined;
  // Only the last answer can be regenerated, and not while a reply is on its way.
  const last = messages.at(-1);
  const regenerableId = !busy && last?.role === 'assistant' ? last.id : undefined;
  const regenerateLast = () => {
    if (error) clearError();
    errorCode.current = undefined;
    void regenerate();
  };

  return (
    <section className="conversation" aria-label="Conversation">
      <div ref={scroller} className="messages" aria-live="polite" aria-busy={busy}>
        {notice && (
          <p className="banner" role="status">
            {notice}
          </p>
        )}
        {messages.length === 0 && (
          <div className="empty-state">
            <h1>What can I help with?</h1>
            <p>
              The assistant works with your Slack and Linear through the navigator. If an account is not connected yet,
              it will give you a link to connect it right here.
            </p>
            <button type="button" className="button secondary suggestion" onClick={() => send(EXAMPLE_PROMPT)}>
              {EXAMPLE_PROMPT}
            </button>
          </div>
        )}
        <ol className="message-list">
          {messages.map((m) => (
            <MessageView
              key={m.id}
              message={m}
              pendingServers={pendingServers}
              onAuthReturn={onAuthReturn}
              streaming={busy && m.id === last?.id}
              onRegenerate={m.id === regenerableId ? regenerateLast : undefined}
            />
          ))}
        </ol>
        {status === 'submitted' && (
          <p className="typing" role="status">
            <span className="dot" />
            <span className="dot" />
            <span className="dot" />
            <span className="visually-hidden">The assistant is thinking</span>
          </p>
        )}
        {errorView && (
          <div className="error-card" role="alert" data-testid="chat-error">
            <h3>{errorView.title}</h3>
            <p className="error-detail">{errorView.detail}</p>
            <p>{errorView.next}</p>
            <button type="button" className="button primary small" onClick={retry}>
              Retry
            </button>
          </div>
        )}
      </div>
      <form className="composer" onSubmit={onSubmit}>
        <label htmlFor="composer-input" className="visually-hidden">
          Message
        </label>
        <textarea
          id="composer-input"
          rows={1}
          placeholder="Ask about your Slack or Linear…"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {busy ? (
          <button type="button" className="button secondary" onClick={() => void stop()}>
            Stop<span className="visually-hidden"> generating</span>
          </button>
        ) : (
          <button type="submit" className="button primary" disabled={draft.trim().length === 0}>
            Send
          </button>
        )}
      </form>
    </section>
  );
}
