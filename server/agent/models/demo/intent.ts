/**
 * Reads what the user asked for, in plain words, as an ordered list of actions on Slack and Linear,
 * or one clarifying question. The message is cut into sentences and clauses (text.ts), each clause is
 * read on its own (clause.ts) with what came before it as context, and the results are put in order.
 * Deterministic and small on purpose, so prompt engineers can tell what the demo follows (docs/agent.md).
 */
import { conditional, example, readClause, type ClauseContext } from './clause.js';
import { clauses, extractQuotes, normalize, sentences } from './text.js';

export { DEFAULT_TEAM } from './clause.js';

export type Action =
  | { kind: 'slack_list_channels' }
  | { kind: 'slack_read_channel'; channel: string; summarize?: boolean }
  | { kind: 'slack_read_dms'; with?: string; summarize?: boolean }
  | { kind: 'slack_search'; query: string }
  /** `text` undefined: post what was just read (its summary) or created, earlier in the task or conversation. */
  | { kind: 'slack_post'; channel: string; text?: string }
  | { kind: 'linear_list_teams' }
  /** `open`: every state but Done and Canceled (the tool filters one state at a time, so the demo filters the result). */
  | { kind: 'linear_list_issues'; team?: string; state?: string; assignee?: string; query?: string; open?: boolean }
  | { kind: 'linear_get_issue'; id: string }
  /** `title` undefined: derived from the Slack messages read earlier in the task or conversation. */
  | { kind: 'linear_create_issue'; team: string; title?: string; priority?: string; assignee?: string }
  | { kind: 'linear_update_state'; id: string; state: string };

/** One short clarifying question and an example of a request the demo would follow. */
export interface Question {
  ask: string;
  example: string;
  /** For a yes/no question: what "yes" does. */
  proposal?: Action[];
}

export interface Task {
  actions: Action[];
  /** Set when a write would need something the message does not say: nothing runs, the demo asks. */
  question?: Question;
  /** Writes the user said not to do ("don't post anything"), said back in the reply. */
  declined: string[];
  /** Requests no tool can serve (send a DM), said back honestly. */
  cannot: string[];
  /** The user asks to connect a service: the status check answers it. */
  connect: boolean;
}

/** What the conversation so far offers to refer to ("post that", "close it"). */
export interface ParseContext {
  readBefore: boolean;
  /** The latest Slack read of the conversation was the user's direct messages. */
  readDmsBefore?: boolean;
  resultBefore: boolean;
  lastIssue?: string;
}

const READS = new Set<Action['kind']>(['slack_read_channel', 'slack_read_dms', 'slack_search']);

/** Puts writes that take their content from a read after the reads of the same message. */
function ordered(actions: Action[]): Action[] {
  const lastRead = actions.findLastIndex((a) => READS.has(a.kind));
  if (lastRead < 0) return actions;
  const derived = (a: Action) =>
    (a.kind === 'linear_create_issue' && !a.title) || (a.kind === 'slack_post' && a.text === undefined);
  const early = actions.slice(0, lastRead).filter(derived);
  if (early.length === 0) return actions;
  const rest = actions.filter((a) => !early.includes(a));
  const at = rest.findLastIndex((a) => READS.has(a.kind));
  return [...rest.slice(0, at + 1), ...early, ...rest.slice(at + 1)];
}

/** A whole message pasted inside quotes (“search slack for ‘x’”) is the message, not a quote. */
function unwrap(text: string): string {
  const t = text.trim();
  const m = /^(["“”'‘])([\s\S]+)(["“”'’])$/.exec(t);
  return m?.[2] &&
    /\s/.test(m[2]) &&
    /^[a-z]/i.test(m[2]) &&
    /\b(?:slack|linear|#|search|post|read|create|show|list)\b/i.test(m[2])
    ? m[2]
    : t;
}

/** The task a message asks for; undefined when it asks for nothing the demo can do (small talk, a confirmation). */
export function parseTask(
  text: string,
  context: ParseContext = { readBefore: false, resultBefore: false },
): Task | undefined {
  const { text: marked, quotes } = extractQuotes(unwrap(text));
  const task: Task = { actions: [], declined: [], cannot: [], connect: false };
  const c: ClauseContext = {
    quotes,
    readInMessage: false,
    readBefore: context.readBefore,
    readDmsBefore: context.readDmsBefore,
    resultBefore: context.resultBefore,
    lastIssue: context.lastIssue,
  };
  for (const sentence of sentences(marked)) {
    // "create a ticket? no, just show me the issues": a correction drops what came before it in the message.
    if (
      /^(?:no|nope|actually|wait|scratch that|on second thought|instead)\b[\s,]/i.test(sentence) &&
      (task.actions.length > 0 || task.question)
    ) {
      task.actions = [];
      delete task.question;
    }
    // "post 'ok' to #general? or maybe #random": the user is not sure, so the demo asks instead of picking.
    const firstWrite = task.actions.find(isWrite);
    if (/^(?:or|or maybe|maybe|not sure|either)\b/i.test(sentence) && firstWrite) {
      task.actions = [];
      task.question = { ask: 'Which one do you want? I only do what you say for sure.', example: example(firstWrite) };
      continue;
    }
    const results = clauses(sentence).map((clause) => {
      const r = readClause(clause, c);
      const read = r.actions.findLast((a) => READS.has(a.kind));
      if (read)
        Object.assign(c, { readInMessage: true, resultBefore: true, readDmsInMessage: read.kind === 'slack_read_dms' });
      if (r.actions.some((a) => a.kind === 'linear_create_issue')) c.resultBefore = true;
      return r;
    });
    const gated = conditional(
      sentence,
      results.flatMap((r) => r.actions),
    );
    for (const r of gated ? [gated] : results) {
      const made = task.actions.findLast((a) => a.kind === 'linear_create_issue');
      if (r.team && made?.kind === 'linear_create_issue') made.team = r.team;
      else if (r.team && !task.question)
        task.question = {
          ask: 'Which issue do you mean?',
          example: `create a Linear issue titled "Fix the login timeout" in ${r.team}`,
        };
      if (r.question && !task.question) task.question = r.question;
      if (r.declined && !task.declined.includes(r.declined)) task.declined.push(r.declined);
      if (r.cannot) task.cannot.push(r.cannot);
      if (r.connect) task.connect = true;
      task.actions.push(...r.actions);
    }
  }
  task.actions = ordered(task.actions);
  if (task.question) task.actions = [];
  const empty =
    task.actions.length === 0 &&
    !task.question &&
    task.declined.length === 0 &&
    task.cannot.length === 0 &&
    !task.connect;
  return empty ? undefined : task;
}

/** True when the user says they finished something ("Done!", "I've authenticated", "slack is connected now", "all set"). */
export function isConfirmation(text: string): boolean {
  return /\b(done|finished|complete[d]?|authenticated|authori[sz]ed|connected|reconnected|signed in|logged in|ok|okay|ready|all set|try again|retry|go ahead|yes|yep|yeah|did it|i did|proceed|continue|there you go|good to go|all good|should work|that worked|works now|it worked|fixed)\b/.test(
    normalize(text),
  );
}

/** "never mind", "cancel that", "no", "actually don't", "wait": drop the pending request. */
export function isCancel(text: string, explicitOnly = false): boolean {
  const n = normalize(text).replace(
    /^(?:(?:oh|ok|okay|hmm|um|actually|wait|no|nope|sorry|please|hold on)\b[\s,.!]*)+/,
    (lead) => (/\b(?:no|nope|wait|hold on)\b/.test(lead) ? 'no ' : ''),
  );
  const explicit =
    /\b(?:never ?mind|nvm|forget (?:it|that|about it)|cancel (?:that|it)|scratch that|no thanks|not now)\b/.test(n);
  if (explicitOnly) return explicit;
  return explicit || /^(?:no|nope|cancel|stop|do not)\b/.test(n) || n.length === 0;
}

export type SmallTalk = 'greeting' | 'thanks' | 'help' | 'other';

/** What kind of message without a task this is. */
export function smallTalk(text: string): SmallTalk {
  const n = normalize(text);
  if (
    /^(?:hi|hello|hey|hiya|yo|howdy|greetings|good (?:morning|afternoon|evening)|hi there|hello there|hey there)\b[\s\w]{0,20}\W*$/.test(
      n,
    ) &&
    !/\?/.test(n)
  )
    return 'greeting';
  if (
    /\b(?:thanks|thank you|cheers|appreciate it|much appreciated)\b/.test(n) ||
    /^(?:great|perfect|awesome|nice|cool|excellent|brilliant|lovely)\W*$/.test(n)
  )
    return 'thanks';
  if (/\b(?:help|what can you do|who are you|what are you|how do(?:es)? (?:this|it|you) work)\b/.test(n)) return 'help';
  return 'other';
}

/** Slug of the server an action runs on. */
export function serverOf(action: Action): 'slack' | 'linear' {
  return action.kind.startsWith('slack_') ? 'slack' : 'linear';
}

/** Actions that change something downstream. */
export function isWrite(action: Action): boolean {
  return action.kind === 'slack_post' || action.kind === 'linear_create_issue' || action.kind === 'linear_update_state';
}
