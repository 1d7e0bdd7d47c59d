/**
 * Conversation state: which request the demo is working on. A new explicit request replaces any
 * pending one; a confirmation ("done", "slack is connected now", "all set") resumes the latest request
 * that has not run yet; "never mind" drops it; a bare answer to the demo's question ("#random",
 * "\"ship it\"") completes the request it asked about. A request whose write already ran is never resumed.
 */
import { AUTH_TOOL_NAME } from '../../../shared/contracts.js';
import { earlier, downstreamOf } from './context.js';
import type { ConversationView } from './conversation.js';
import { isCancel, isConfirmation, isWrite, parseTask, smallTalk, type SmallTalk, type Task } from './intent.js';
import { extractQuotes } from './text.js';

export interface Current {
  task: Task | undefined;
  /** The user said they finished (connecting): re-check status before acting. */
  confirming: boolean;
  /** What to answer when there is no task. */
  talk: SmallTalk | 'confirm' | 'cancel';
  /** Index of the user message the task comes from (its context is what came before it). */
  at: number;
  /** The resumed request was waiting on a connection link (so "done" means "I connected"). */
  afterLink: boolean;
}

function sawLink(view: ConversationView, from: number): boolean {
  return view.turns
    .slice(from, -1)
    .some((t) =>
      t.some(
        (ex) =>
          ex.toolName === AUTH_TOOL_NAME &&
          (ex.output?.json as { status?: unknown } | undefined)?.status === 'authentication_needed',
      ),
    );
}

/** True when the request's turns already did its work (or one of its writes), so it must not run again. */
function handled(view: ConversationView, from: number, task: Task): boolean {
  let ok = 0;
  for (const turn of view.turns.slice(from, -1)) {
    for (const ex of turn) {
      if (!downstreamOf(ex) || !ex.output || ex.output.isError) continue;
      const action = task.actions[ok];
      ok++;
      if (action && isWrite(action)) return true;
    }
  }
  return ok >= task.actions.length;
}

/** A short reply that only fills in what the previous request lacked: a quote, a #channel, an issue id or a state. */
function answerTo(view: ConversationView): Task | undefined {
  const n = view.userTexts.length;
  const last = (view.userTexts[n - 1] ?? '').trim();
  const prev = view.userTexts[n - 2];
  if (prev === undefined || last.split(/\s+/).length > 6) return undefined;
  const q = extractQuotes(last);
  const bare = q.text
    .replace(/⟦\d+⟧/g, '')
    .replace(/\b(?:to|in|into|as|it|the|please|pls|channel|titled|called)\b|[\s,.!?:]/gi, '');
  const fills = q.quotes.length > 0 || /^#[\w-]+$/.test(last.replace(/[.!?]$/, '')) || /^[a-z]{2,6}-\d+$/i.test(bare);
  if (!fills || (q.quotes.length > 0 && bare.length > 0)) return undefined;
  const asked = parseTask(prev, earlier(view.turns, n - 2));
  if (!asked?.question) return undefined;
  const combined = parseTask(`${prev} ${last}`, earlier(view.turns, n - 2));
  return combined && !combined.question && combined.actions.length > 0 ? combined : undefined;
}

/** "yes" to the demo's own yes/no question ("Should I move ENG-3 to Done?"): the proposed actions. */
function accepted(view: ConversationView): Task | undefined {
  const n = view.userTexts.length;
  if (
    n < 2 ||
    !/^(?:yes|yep|yeah|sure|ok|okay|please do|do it|go ahead|yes please|correct|right)\b[\s\w!.]{0,12}$/.test(
      (view.userTexts[n - 1] ?? '').trim().toLowerCase(),
    )
  )
    return undefined;
  const asked = parseTask(view.userTexts[n - 2] ?? '', earlier(view.turns, n - 2));
  const proposal = asked?.question?.proposal;
  return proposal ? { actions: proposal, declined: [], cannot: [], connect: false } : undefined;
}

/** The task being worked on, and how to answer when there is none. */
export function currentTask(view: ConversationView): Current {
  const n = view.userTexts.length;
  const last = view.userTexts[n - 1] ?? '';
  if (isCancel(last, true)) return { task: undefined, confirming: false, talk: 'cancel', at: n - 1, afterLink: false };
  const own = answerTo(view) ?? parseTask(last, earlier(view.turns, n - 1));
  if (own) return { task: own, confirming: false, talk: 'other', at: n - 1, afterLink: false };
  if (isCancel(last)) return { task: undefined, confirming: false, talk: 'cancel', at: n - 1, afterLink: false };
  const proposal = accepted(view);
  if (proposal) return { task: proposal, confirming: false, talk: 'other', at: n - 1, afterLink: false };
  const confirmation = isConfirmation(last);
  for (let i = n - 2; confirmation && i >= 0; i--) {
    const text = view.userTexts[i] ?? '';
    if (isCancel(text)) break;
    const task = parseTask(text, earlier(view.turns, i));
    if (!task) continue;
    if (task.question || (task.actions.length === 0 && !task.connect) || handled(view, i, task)) break;
    return { task, confirming: true, talk: 'confirm', at: i, afterLink: sawLink(view, i) };
  }
  const talk = smallTalk(last);
  if (talk !== 'other' || !confirmation)
    return { task: undefined, confirming: false, talk, at: n - 1, afterLink: false };
  return { task: undefined, confirming: true, talk: 'confirm', at: n - 1, afterLink: false };
}
