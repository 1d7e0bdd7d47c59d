/**
 * Reads what the user asked for, in plain words, as a list of actions on Slack and Linear.
 * Pure text rules: the offline demo model's "understanding". Deliberately small and predictable,
 * so prompt engineers can tell which requests the demo follows (see docs/agent.md).
 */

export type Action =
  | { kind: 'slack_list_channels' }
  | { kind: 'slack_read_channel'; channel: string }
  | { kind: 'slack_read_dms' }
  | { kind: 'slack_search'; query: string }
  | { kind: 'slack_post'; channel: string; text: string }
  | { kind: 'linear_list_teams' }
  | { kind: 'linear_list_issues'; team?: string; state?: string; query?: string }
  | { kind: 'linear_get_issue'; id: string }
  /** `title` undefined: derived from the Slack results read earlier in the same task. */
  | { kind: 'linear_create_issue'; team: string; title?: string }
  | { kind: 'linear_update_state'; id: string; state: string };

export interface Task {
  actions: Action[];
  /** What the request leaves out that the demo must not make up (the text of a post, an issue title). */
  missing?: { what: string; example: string };
}

export const DEFAULT_TEAM = 'ENG';

const STATES: Array<[RegExp, string]> = [
  [/\bin[ -]?progress\b|\bstart(ed)?\b/, 'In Progress'],
  [/\bin[ -]?review\b/, 'In Review'],
  [/\bto[ -]?do\b/, 'Todo'],
  [/\bbacklog\b/, 'Backlog'],
  [/\bcancel+ed\b|\bcancel\b/, 'Canceled'],
  [/\bdone\b|\bclosed?\b|\bresolved?\b|\bcomplete(d)?\b|\bfinish(ed)?\b/, 'Done'],
];

const ISSUE_ID = /\b([A-Z]{2,6}-\d{1,6})\b/;

function quoted(text: string): string | undefined {
  const m = /["“”']([^"“”']{1,200})["“”']/.exec(text);
  return m?.[1]?.trim();
}

function stateIn(lower: string): string | undefined {
  for (const [re, state] of STATES) if (re.test(lower)) return state;
  return undefined;
}

function channelIn(text: string): string | undefined {
  const hash = /#([a-z0-9][a-z0-9_-]{0,79})/i.exec(text);
  if (hash?.[1]) return hash[1].toLowerCase();
  const named = /\b(?:the\s+)?([a-z0-9][a-z0-9_-]{1,79})\s+channel\b/i.exec(text);
  if (named?.[1] && !/^(slack|a|the|my|which|what|each|every|that|this)$/i.test(named[1])) return named[1].toLowerCase();
  const after = /\bchannel\s+([a-z0-9][a-z0-9_-]{1,79})\b/i.exec(text);
  if (after?.[1] && !/^(list|messages?)$/i.test(after[1])) return after[1].toLowerCase();
  return undefined;
}

function teamIn(text: string): string | undefined {
  const m = /\bteam\s+([A-Za-z]{2,10})\b/.exec(text) ?? /\b([A-Z]{2,10})\s+team\b/.exec(text);
  const team = m?.[1];
  return team && !/^(the|a|my|our|linear)$/i.test(team) ? team.toUpperCase() : undefined;
}

function slackActions(text: string, lower: string, missing: (m: Task['missing']) => void): Action[] {
  const mentionsSlack = /\bslack\b|#[a-z0-9]|\bchannels?\b|\bdms?\b|direct messages?/.test(lower);
  const actions: Action[] = [];
  const wantsPost = /\b(post|send|say|write|announce|tell)\b/.test(lower) && mentionsSlack;
  if (wantsPost) {
    const channel = channelIn(text) ?? 'general';
    const said = quoted(text) ?? /\b(?:saying|that says|with the text|:)\s*(.+)$/i.exec(text)?.[1]?.trim();
    if (said && said.length > 0) actions.push({ kind: 'slack_post', channel, text: said });
    else missing({ what: `what to post to #${channel}`, example: `post "ship it" to #${channel} on Slack` });
    return actions;
  }
  if (!mentionsSlack && !/\bmessages?\b/.test(lower)) return actions;
  if (/\b(list|which|what)\b[^.?!]*\bchannels\b/.test(lower)) {
    actions.push({ kind: 'slack_list_channels' });
    return actions;
  }
  const search = /\b(search|find|look (?:for|up)|mentions? of|anything about)\b/.test(lower);
  if (search && mentionsSlack) {
    const q = quoted(text) ?? /\b(?:for|about|of)\s+([^.?!,]+?)(?:\s+(?:in|on)\s+slack\b|[.?!,]|$)/i.exec(text)?.[1]?.trim();
    if (q) {
      actions.push({ kind: 'slack_search', query: q });
      return actions;
    }
  }
  const channel = channelIn(text);
  if (channel) {
    actions.push({ kind: 'slack_read_channel', channel });
    return actions;
  }
  if (mentionsSlack) actions.push({ kind: 'slack_read_dms' });
  return actions;
}

function linearActions(text: string, lower: string, afterSlackRead: boolean, missing: (m: Task['missing']) => void): Action[] {
  const id = ISSUE_ID.exec(text)?.[1];
  const mentionsLinear = /\blinear\b|\bissues?\b|\btickets?\b|\bbugs?\b/.test(lower) || id !== undefined;
  if (!mentionsLinear) return [];
  if (id && /\b(move|mark|set|change|update|close|resolve|complete|start|reopen)\b/.test(lower)) {
    return [{ kind: 'linear_update_state', id, state: stateIn(lower.replace(id.toLowerCase(), '')) ?? 'Done' }];
  }
  if (/\b(create|open|file|make|add|log|raise|new)\b[^.?!]*\b(issue|ticket|bug|task)\b/.test(lower)) {
    const team = teamIn(text) ?? DEFAULT_TEAM;
    const title = quoted(text) ?? /\b(?:titled|called|named)\s+(.+?)[.?!]?$/i.exec(text)?.[1]?.trim();
    if (title) return [{ kind: 'linear_create_issue', team, title }];
    if (afterSlackRead) return [{ kind: 'linear_create_issue', team }];
    const about = /\b(?:about|for)\s+(.+?)[.?!]?$/i.exec(text)?.[1]?.trim();
    if (about && about.length > 0) return [{ kind: 'linear_create_issue', team, title: about }];
    missing({ what: 'the title of the Linear issue', example: 'create a Linear issue titled "Fix the login timeout"' });
    return [];
  }
  if (id) return [{ kind: 'linear_get_issue', id }];
  if (/\bteams\b/.test(lower)) return [{ kind: 'linear_list_teams' }];
  if (/\b(issues|tickets|bugs)\b/.test(lower) || /\blinear\b/.test(lower)) {
    const team = teamIn(text);
    const state = /\b(open|in progress|todo|to do|backlog|done|closed)\b/.test(lower) ? stateIn(lower.replace(/\bopen\b/, 'todo')) : undefined;
    const query = quoted(text);
    return [{ kind: 'linear_list_issues', ...(team ? { team } : {}), ...(state ? { state } : {}), ...(query ? { query } : {}) }];
  }
  return [];
}

/** The actions a message asks for, Slack reads first so a Linear issue can be made from them; undefined when none. */
export function parseTask(text: string): Task | undefined {
  const lower = text.toLowerCase();
  let gap: Task['missing'];
  const missing = (m: Task['missing']) => void (gap ??= m);
  const slack = slackActions(text, lower, missing);
  const readsSlack = slack.some((a) => a.kind !== 'slack_post');
  const linear = linearActions(text, lower, readsSlack, missing);
  const actions = [...slack, ...linear];
  if (gap) return { actions, missing: gap };
  return actions.length > 0 ? { actions } : undefined;
}

/** True when the user tells the agent they finished something ("Done!", "I've authenticated", "ok connected"). */
export function isConfirmation(text: string): boolean {
  return /\b(done|finished|complete[d]?|authenticated|authorized|connected|signed in|logged in|ok(ay)?|ready|all set|try again|retry|go ahead|yes|did it|proceed|continue)\b/i.test(
    text,
  );
}

/** Slug of the server an action runs on. */
export function serverOf(action: Action): 'slack' | 'linear' {
  return action.kind.startsWith('slack_') ? 'slack' : 'linear';
}
