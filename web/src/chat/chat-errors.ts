/**
 * Turns a failed chat request into what the conversation shows: a short title, the server's
 * message, and what the person can do next. Pure so every branch is unit-tested.
 */
import { errorMessageFromBody } from '../api.js';

export interface ChatErrorView {
  kind: 'network' | 'session' | 'navigator' | 'model' | 'other';
  title: string;
  detail: string;
  next: string;
}

/** Classifies an error from `useChat` (a transport error carries the response body as its message). */
export function describeChatError(error: Error): ChatErrorView {
  const body = errorMessageFromBody(error.message);
  const detail = body?.message ?? error.message ?? 'Unknown error';
  const code = body?.code ?? '';
  const haystack = `${code} ${detail}`;
  // Order matters: server messages about the navigator or the model may quote a low-level "fetch failed".
  if (code === 'unauthorized' || /^sign in|not signed in/i.test(detail)) {
    return { kind: 'session', title: 'Your session has ended', detail, next: 'Sign in again from the side panel, then retry.' };
  }
  if (code === 'too_many_requests' && /conversations/i.test(detail)) {
    return { kind: 'other', title: 'Too many conversations', detail, next: 'Delete a conversation you no longer need from the History in the side panel, then retry.' };
  }
  if (/navigator/i.test(haystack)) {
    return { kind: 'navigator', title: 'The navigator had a problem', detail, next: 'Tools are unavailable until it is back. Check that the navigator is running, then retry.' };
  }
  if (/model|openai|api key|rate limit|quota|429|completion/i.test(haystack)) {
    return { kind: 'model', title: 'The model could not answer', detail, next: 'Retry, or switch to the offline demo model in the side panel.' };
  }
  if (/failed to fetch|networkerror|network error|load failed|fetch failed/i.test(haystack)) {
    return { kind: 'network', title: 'Could not reach the app server', detail, next: 'Check your connection and that the app server is running, then retry.' };
  }
  return { kind: 'other', title: 'Something went wrong', detail, next: 'Retry. If it keeps failing, start a new conversation.' };
}
