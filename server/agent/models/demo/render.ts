/**
 * Writes the demo model's replies from REAL tool results: finds messages, channels, issues and teams
 * in whatever JSON the servers answered (or falls back to their text), and phrases short summaries.
 * Nothing here invents data: an empty or unreadable result is reported as such.
 */
import { isRecord } from '../../../shared/guards.js';
import type { Action } from './intent.js';
import type { ToolOutput } from './conversation.js';
import { summaryLines } from './summary.js';

type Rec = Record<string, unknown>;

/** Every object inside `value`, depth first (arrays and nested objects included). */
function objects(value: unknown, out: Rec[] = [], depth = 0): Rec[] {
  if (depth > 6) return out;
  if (Array.isArray(value)) for (const v of value) objects(v, out, depth + 1);
  else if (isRecord(value)) {
    out.push(value);
    for (const v of Object.values(value)) if (typeof v === 'object') objects(v, out, depth + 1);
  }
  return out;
}

function str(r: Rec, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = r[k];
    if (typeof v === 'string' && v.length > 0) return v;
    if (isRecord(v)) {
      const inner = str(v, 'name', 'key', 'display_name');
      if (inner) return inner;
    }
  }
  return undefined;
}

export interface SlackMessage {
  from?: string;
  /** Handle of the author, to tell the user's own messages from others'. */
  handle?: string;
  channel?: string;
  at?: string;
  text: string;
}

export function slackMessages(output: ToolOutput): SlackMessage[] {
  return objects(output.json)
    .filter((o) => typeof o.text === 'string')
    .map((o) => ({
      from: str(o, 'user_name', 'author', 'user', 'from', 'sender', 'username'),
      handle: str(o, 'user', 'username', 'author'),
      channel: str(o, 'channel', 'channel_name', 'where'),
      at: str(o, 'at', 'ts', 'time'),
      text: String(o.text),
    }));
}

export interface Issue {
  id: string;
  title?: string;
  state?: string;
  url?: string;
}

const ISSUE_KEY = /^[A-Z]{2,10}-\d+$/;

export function issues(output: ToolOutput): Issue[] {
  const found: Issue[] = [];
  for (const o of objects(output.json)) {
    const id = [o.identifier, o.key, o.id].find((v): v is string => typeof v === 'string' && ISSUE_KEY.test(v));
    if (!id || found.some((i) => i.id === id)) continue;
    const issue: Issue = { id };
    const title = str(o, 'title');
    const state = str(o, 'state', 'status');
    const url = str(o, 'url');
    if (title) issue.title = title;
    if (state) issue.state = state;
    if (url) issue.url = url;
    found.push(issue);
  }
  if (found.length > 0 || output.json !== undefined) return found;
  const m = /\b([A-Z]{2,10}-\d+)\b/.exec(output.text);
  return m?.[1] ? [{ id: m[1] }] : [];
}

function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

function rawText(output: ToolOutput): string {
  return output.text.trim().length > 0 ? clip(output.text, 1200) : '(empty result)';
}

function messageLines(msgs: SlackMessage[]): string {
  return msgs
    .slice(-10)
    .map(
      (m) =>
        `- **${m.from ?? 'someone'}**${m.channel ? ` in #${m.channel.replace(/^#/, '')}` : ''}: ${clip(m.text, 240)}`,
    )
    .join('\n');
}

/** Where a Slack read looked, for the reply ("#general", "your Slack direct messages with priya"). */
export function whereOf(action: Action): string {
  switch (action.kind) {
    case 'slack_read_dms':
      return action.with ? `your Slack direct messages with ${action.with}` : 'your Slack direct messages';
    case 'slack_read_channel':
      return `#${action.channel}`;
    case 'slack_search':
      return `Slack for "${action.query}"`;
    default:
      return 'Slack';
  }
}

const CLOSED = new Set(['done', 'canceled', 'cancelled']);

/** One short paragraph about the result of one action. */
export function summarize(action: Action, output: ToolOutput): string {
  switch (action.kind) {
    case 'slack_read_dms':
    case 'slack_read_channel':
    case 'slack_search': {
      const where = whereOf(action);
      if (output.json === undefined) return `Here is what I got from ${where}:\n${rawText(output)}`;
      const msgs = slackMessages(output);
      if (msgs.length === 0) return `I found no messages in ${where}.`;
      if (action.kind !== 'slack_search' && action.summarize) {
        return `Summary of ${where} (${msgs.length} ${msgs.length === 1 ? 'message' : 'messages'}; the main topics and who raised them):\n${summaryLines([output]).join('\n')}`;
      }
      const shown = msgs.length > 10 ? ` (the latest 10 of ${msgs.length})` : '';
      return `Here ${msgs.length === 1 ? 'is the message' : `are the ${msgs.length} messages`} I found in ${where}${shown}:\n${messageLines(msgs)}`;
    }
    case 'slack_list_channels': {
      const names = objects(output.json)
        .map((o) => str(o, 'name'))
        .filter((n): n is string => n !== undefined);
      return names.length > 0
        ? `Your Slack channels: ${names.map((n) => `#${n.replace(/^#/, '')}`).join(', ')}.`
        : `Slack answered:\n${rawText(output)}`;
    }
    case 'slack_post':
      return `Posted to #${action.channel}: "${clip(action.text ?? '', 300)}".`;
    case 'linear_list_teams': {
      const teams = objects(output.json)
        .map((o) => ({ key: str(o, 'key'), name: str(o, 'name') }))
        .filter((t) => t.key !== undefined || t.name !== undefined);
      return teams.length > 0
        ? `Your Linear teams: ${teams.map((t) => (t.key && t.name ? `${t.key} (${t.name})` : (t.key ?? t.name))).join(', ')}.`
        : `Linear answered:\n${rawText(output)}`;
    }
    case 'linear_list_issues': {
      if (output.json === undefined) return `Linear answered:\n${rawText(output)}`;
      const all = issues(output);
      const list = action.open ? all.filter((i) => !CLOSED.has((i.state ?? '').toLowerCase())) : all;
      const which = [
        action.open ? 'open' : action.state ? `"${action.state}"` : '',
        'Linear issues',
        action.assignee === 'me' ? 'assigned to you' : action.assignee ? `assigned to ${action.assignee}` : '',
        action.team ? `in ${action.team}` : '',
        action.query ? `about "${action.query}"` : '',
      ]
        .filter((x) => x.length > 0)
        .join(' ');
      if (list.length === 0) return `I found no ${which}.`;
      return `I found ${list.length} ${which}${list.length > 15 ? ' (the first 15 below)' : ''}:\n${list
        .slice(0, 15)
        .map((i) => `- ${i.id}${i.title ? ` ${i.title}` : ''}${i.state ? ` (${i.state})` : ''}`)
        .join('\n')}`;
    }
    case 'linear_get_issue': {
      const i = issues(output)[0];
      return i
        ? `${i.id}: ${i.title ?? '(no title)'}${i.state ? `, state ${i.state}` : ''}.`
        : `Linear answered:\n${rawText(output)}`;
    }
    case 'linear_create_issue': {
      const i = issues(output)[0];
      return i
        ? `Created ${i.id}: ${i.title ?? ''}${i.url ? ` (${i.url})` : ''}`.trim()
        : `Linear answered:\n${rawText(output)}`;
    }
    case 'linear_update_state': {
      const i = issues(output).find((x) => x.id === action.id) ?? issues(output)[0];
      return `Moved ${action.id} to ${i?.state ?? action.state}.`;
    }
  }
}

/** What the agent is about to do, for "Let me ... now". */
export function describe(action: Action): string {
  switch (action.kind) {
    case 'slack_read_dms':
      return action.with ? `check your Slack messages with ${action.with}` : 'check your Slack messages';
    case 'slack_read_channel':
      return `${action.summarize ? 'summarize' : 'read'} #${action.channel}`;
    case 'slack_search':
      return `search Slack for "${action.query}"`;
    case 'slack_list_channels':
      return 'list your Slack channels';
    case 'slack_post':
      return `post to #${action.channel}`;
    case 'linear_list_teams':
      return 'list your Linear teams';
    case 'linear_list_issues':
      return 'look up the Linear issues';
    case 'linear_get_issue':
      return `look up ${action.id}`;
    case 'linear_create_issue':
      return 'create the Linear issue';
    case 'linear_update_state':
      return `move ${action.id} to ${action.state}`;
  }
}
