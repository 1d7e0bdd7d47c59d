/**
 * Turns a failed chat request into what the conversation shows: a short title, the server's
 * message, and what the person can do next. Pure so every branch is unit-tested.
 * The agent's failures carry a stable code (the HTTP error body's `code`, or the stream's
 * `data-chat-error` part, contracts.ts ChatErrorCode) and are classified by it alone. Only an error
 * without any code (one the browser raised itself, e.g. "Failed to fetch") is read as text.
 */
import type { ChatErrorCode } from '../../../server/shared/contracts.js';
import { errorMessageFromBody } from '../api.js';

export interface ChatErrorView {
  kind: 'network' | 'session' | 'navigator' | 'model' | 'other';
  title: string;
  detail: string;
  next: string;
}

type Kind = ChatErrorView['kind'] | 'conversations';

const VIEWS: Record<Kind, Omit<ChatErrorView, 'detail' | 'kind'> & { kind: ChatErrorView['kind'] }> = {
  session: { kind: 'session', title: 'Your session has ended', next: 'Sign in again from the side panel, then retry.' },
  conversations: {
    kind: 'other',
    title: 'Too many conversations',
    next: 'Delete a conversation you no longer need from the History in the side panel, then retry.',
  },
  navigator: {
    kind: 'navigator',
    title: 'The navigator had a problem',
    next: 'Tools are unavailable until it is back. Check that the navigator is running, then retry.',
  },
  model: {
    kind: 'model',
    title: 'The model could not answer',
    next: 'Retry, or switch to the offline demo model in the side panel.',
  },
  network: {
    kind: 'network',
    title: 'Could not reach the app server',
    next: 'Check your connection and that the app server is running, then retry.',
  },
  other: {
    kind: 'other',
    title: 'Something went wrong',
    next: 'Retry. If it keeps failing, start a new conversation.',
  },
};

/** The agent's codes: its chat stream codes (ChatErrorCode) and its HTTP error codes (shared/http.ts). */
function kindOfCode(code: string): Kind {
  switch (code) {
    case 'unauthorized':
      return 'session';
    case 'too_many_requests':
      // The chat endpoint's only 429: the per-user cap on stored conversations.
      return 'conversations';
    case 'navigator_unavailable' satisfies ChatErrorCode:
    case 'bad_gateway':
      return 'navigator';
    case 'model_unavailable' satisfies ChatErrorCode:
      return 'model';
    default:
      return 'other';
  }
}

/** An error with no code at all: the browser's own network failures, or text from an agent that sends no code. */
function kindOfText(detail: string): Kind {
  // Order matters: messages about the navigator or the model may quote a low-level "fetch failed".
  if (/^sign in|not signed in/i.test(detail)) return 'session';
  if (/navigator/i.test(detail)) return 'navigator';
  if (/model|openai|api key|rate limit|quota|429|completion/i.test(detail)) return 'model';
  if (/failed to fetch|networkerror|network error|load failed|fetch failed/i.test(detail)) return 'network';
  return 'other';
}

/**
 * Classifies an error from `useChat` (a transport error carries the response body as its message).
 * `streamCode`: the code of the stream's `data-chat-error` part, when the agent sent one.
 */
export function describeChatError(error: Error, streamCode?: ChatErrorCode): ChatErrorView {
  const body = errorMessageFromBody(error.message);
  const detail = body?.message ?? error.message ?? 'Unknown error';
  const code = streamCode ?? body?.code;
  const view = VIEWS[code !== undefined ? kindOfCode(code) : kindOfText(detail)];
  return { ...view, detail };
}
