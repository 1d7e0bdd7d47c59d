/**
 * The demo model's policy: given the conversation so far and the tools offered, decide the next step
 * (some text, optionally one tool call). Follows the documented In-Chat Authentication flow: check
 * status first, share the link naming the missing servers, wait, verify when the user says they are
 * done, then act and summarize the real results. Pure and deterministic.
 */
import {
  AUTH_TOOL_NAME,
  AuthLinkResult,
  CALL_TOOL_TOOL_NAME,
  LIST_TOOLS_TOOL_NAME,
} from '../../../shared/contracts.js';
import { earlier, type Earlier } from './context.js';
import type { ConversationView, ToolExchange, ToolOutput } from './conversation.js';
import { classifyFailure, failureSentence, isConnectionFailure } from './failures.js';
import { isWrite, serverOf, type Action, type Task } from './intent.js';
import { currentTask } from './pending.js';
import { joinNames } from '../../../shared/text.js';
import { describe, issues, summarize, whereOf } from './render.js';
import { issueFromSlack, summaryLines } from './summary.js';
import { routeAction, type Offered, type PlannedCall } from './tools.js';

export interface Decision {
  text?: string;
  call?: PlannedCall;
}

export const HELP =
  "I'm the offline demo model, so I can't answer general questions or do anything outside your Slack and Linear, and I won't guess. I can read your Slack direct messages or a channel, summarize it, search Slack, list channels and post messages; " +
  'and list, look up, create and update Linear issues, for example "Can you check my Slack messages and create a Linear issue?" or ' +
  '"Move ENG-3 to In Progress". When a service is not connected yet I will give you a link to connect it.';

const SMALL_TALK = {
  greeting:
    'Hi! I\'m the offline demo model. I can read, summarize and post Slack messages and list, create and update Linear issues, for example "what\'s new in #general?" or "show my open Linear issues". What would you like me to do?',
  thanks: "You're welcome! What would you like me to do next? I can work with your Slack and Linear.",
  confirm: 'Thanks! What would you like me to do next? I can work with your Slack and Linear.',
  cancel: "OK, I won't do that. What would you like me to do instead?",
  help: HELP,
};

const serverName = (s: string) =>
  s === 'slack' ? 'Slack' : s === 'linear' ? 'Linear' : s.charAt(0).toUpperCase() + s.slice(1);

function displayName(auth: AuthLinkResult | undefined, server: string): string {
  return auth?.servers.find((s) => s.name === server)?.display_name ?? serverName(server);
}

function parseAuth(output: ToolOutput | undefined): AuthLinkResult | undefined {
  if (!output || output.isError) return undefined;
  const parsed = AuthLinkResult.safeParse(output.json);
  return parsed.success ? parsed.data : undefined;
}

function linkMessage(auth: AuthLinkResult, missing: string[], needed: string[], confirming: boolean): string {
  const link = auth.auth_link;
  const expired = missing.filter((s) => auth.servers.find((x) => x.name === s)?.state === 'expired');
  const fresh = missing.filter((s) => !expired.includes(s));
  const names = (list: string[]) => joinNames(list.map((s) => displayName(auth, s)));
  const accounts = (list: string[]) => (list.length === 1 ? 'account' : 'accounts');
  const tail = link
    ? `Please authenticate using this link: ${link} Once you've completed authentication, let me know and I'll proceed.`
    : "The navigator did not return a link, so please connect on your navigator's connections page, then let me know and I'll proceed.";
  const parts: string[] = [];
  if (confirming) {
    const done = needed.filter((s) => !missing.includes(s)).map((s) => displayName(auth, s));
    if (done.length > 0)
      parts.push(
        `Thanks, ${joinNames(done)} ${done.length === 1 ? 'is' : 'are'} connected now, but ${names(missing)} still ${missing.length === 1 ? "isn't" : "aren't"}.`,
      );
    else if (fresh.length > 0)
      parts.push(
        `It looks like your ${names(fresh)} ${accounts(fresh)} ${fresh.length === 1 ? "isn't" : "aren't"} connected yet.`,
      );
  } else if (fresh.length > 0)
    parts.push(`It looks like you haven't connected your ${names(fresh)} ${accounts(fresh)} yet.`);
  if (expired.length > 0) {
    const one = expired.length === 1;
    if (link && parts.length === 0)
      return `Your ${names(expired)} ${one ? 'connection' : 'connections'} expired; reconnect here: ${link} Once you've reconnected, let me know and I'll proceed.`;
    parts.push(`Your ${names(expired)} ${one ? 'connection has' : 'connections have'} expired.`);
  }
  return [...parts, tail].join(' ');
}

/** Content for a write that points back at a result: the summary of what was read, or the issue made or shown. */
function referredContent(done: Array<{ action: Action; output: ToolOutput }>, before: Earlier): string | undefined {
  const reads = done.filter(
    (d) =>
      d.action.kind === 'slack_read_channel' || d.action.kind === 'slack_read_dms' || d.action.kind === 'slack_search',
  );
  if (reads.length > 0)
    return `Summary of ${joinNames(reads.map((r) => whereOf(r.action)))}:\n${summaryLines(reads.map((r) => r.output)).join('\n')}`;
  const made = done.map((d) => issues(d.output)).find((l) => l.length === 1)?.[0];
  const issue = made ?? (before.reads.length === 0 ? before.issue : undefined);
  if (issue) return `${issue.id}: ${issue.title ?? ''}${issue.url ? ` ${issue.url}` : ''}`.trim();
  if (before.reads.length > 0)
    return `Summary of ${joinNames(before.reads.map(readWhere))}:\n${summaryLines(before.reads.map((r) => r.output)).join('\n')}`;
  return undefined;
}

/** Where an earlier read looked, from its call's arguments (direct or through call_server_tool). */
function readWhere(r: Earlier['reads'][number]): string {
  const input = (r.input ?? {}) as { arguments?: Record<string, unknown> } & Record<string, unknown>;
  const args = input.arguments ?? input;
  const channel = args.channel ?? args.channel_name;
  if (r.tool === 'read_channel' && typeof channel === 'string') return `#${channel.replace(/^#/, '')}`;
  if (r.tool === 'search_messages' && typeof args.query === 'string') return `Slack messages about "${args.query}"`;
  return 'your Slack direct messages';
}

/** The reads a derived issue is made from: this task's, else the conversation's latest. */
function derivedIssue(
  done: Array<{ action: Action; output: ToolOutput }>,
  before: Earlier,
): { title: string; description: string } | undefined {
  const reads = done.filter((d) => serverOf(d.action) === 'slack' && d.action.kind !== 'slack_post');
  if (reads.length > 0)
    return issueFromSlack(
      reads.map((r) => r.output),
      joinNames(reads.map((r) => whereOf(r.action))),
    );
  if (before.reads.length > 0)
    return issueFromSlack(
      before.reads.map((r) => r.output),
      joinNames(before.reads.map(readWhere)),
    );
  return undefined;
}

function notes(task: Task): string[] {
  const out: string[] = [];
  if (task.declined.length > 0) out.push(`As you asked, I didn't ${joinNames(task.declined)}.`);
  for (const c of task.cannot) out.push(`I can't ${c}.`);
  if (task.cannot.length > 0 && task.actions.length === 0)
    out.push("I'm the offline demo model and only work with your Slack and Linear.");
  return out;
}

function connectReply(auth: AuthLinkResult | undefined, authOffered: boolean, confirming: boolean): string {
  if (!authOffered)
    return "I can't give you a connection link here because In-Chat Authentication is off for this assistant. Connect your accounts on your navigator's connections page (your administrator can tell you where it is).";
  if (!auth) return "I couldn't check your connection status, so I won't guess. Please try again in a moment.";
  const missing = auth.unauthenticated_servers;
  if (missing.length === 0)
    return `Everything is connected: ${joinNames(auth.servers.filter((s) => s.state === 'connected').map((s) => s.display_name)) || 'no service needs connecting'}. What would you like me to do?`;
  return linkMessage(auth, missing, missing, confirming);
}

/** Decides the next step. */
export function decide(view: ConversationView, offered: Offered): Decision {
  const authOffered = offered.has(AUTH_TOOL_NAME);
  const { task, confirming, talk, at, afterLink } = currentTask(view);
  if (!task) return { text: talk === 'other' ? HELP : SMALL_TALK[talk] };
  if (task.question) {
    const q = task.question;
    return {
      text: q.proposal
        ? `${q.ask} Say "yes" to go ahead, or tell me what to do instead, for example: ${q.example}`
        : `${q.ask} For example: ${q.example}`,
    };
  }
  const before = earlier(view.turns, at);
  const lastAuth = view.turn.findLast((ex) => ex.toolName === AUTH_TOOL_NAME);

  if (task.actions.length === 0) {
    if (task.connect && authOffered && !lastAuth)
      return { text: 'Let me check your connection status.', call: { toolName: AUTH_TOOL_NAME, input: {} } };
    const parts = notes(task);
    if (task.connect) parts.unshift(connectReply(parseAuth(lastAuth?.output), authOffered, confirming));
    else if (task.declined.length > 0 && task.cannot.length === 0)
      return { text: `OK, I won't ${joinNames(task.declined)}. What would you like me to do instead?` };
    return { text: parts.join(' ') };
  }
  const needed = [...new Set(task.actions.map(serverOf))];

  // Replay this turn's tool exchanges against the task's actions.
  let authAfterError = false;
  const done: Array<{ action: Action; output: ToolOutput }> = [];
  let failed: { action: Action; output: ToolOutput } | undefined;
  for (const ex of view.turn) {
    if (ex.toolName === AUTH_TOOL_NAME) {
      if (failed) authAfterError = true;
      continue;
    }
    if (ex.toolName === LIST_TOOLS_TOOL_NAME || failed) continue;
    const action = task.actions[done.length];
    if (!action || !ex.output) continue;
    if (ex.output.isError) failed = { action, output: ex.output };
    else
      done.push({
        action:
          action.kind === 'slack_post' && action.text === undefined ? { ...action, text: postedText(ex) } : action,
        output: ex.output,
      });
  }
  // A created issue whose title came from a read says so, with the summary it was made from.
  const summaries = done.map((d, i) => {
    const text = summarize(d.action, d.output);
    if (d.action.kind !== 'linear_create_issue' || d.action.title) return text;
    const from = derivedIssue(done.slice(0, i), before);
    const head = `${text} (team ${d.action.team}${d.action.priority ? `, priority ${d.action.priority}` : ''}).`;
    const shown = done
      .slice(0, i)
      .some(
        (x) => (x.action.kind === 'slack_read_channel' || x.action.kind === 'slack_read_dms') && x.action.summarize,
      );
    if (!from) return text;
    if (shown) return `${head} I made it from the summary above.`;
    const source = from.description.startsWith('From ')
      ? from.description.slice(5)
      : `this ${from.description.charAt(0).toLowerCase()}${from.description.slice(1)}`;
    return `${head} I made it from ${source}`;
  });
  const failure = failed ? classifyFailure(failed.output) : undefined;
  const failText = (inChat: boolean) =>
    failed && failure
      ? failureSentence(
          failure,
          serverName(serverOf(failed.action)),
          describe(failed.action),
          failed.output,
          inChat,
          isWrite(failed.action),
        )
      : '';

  if (!authOffered && !lastAuth) {
    // Feature off: go straight to the tools.
  } else if (!lastAuth) {
    return {
      text: confirming
        ? afterLink
          ? 'Let me verify that.'
          : 'Let me try that again.'
        : 'Let me check your authentication status first.',
      call: { toolName: AUTH_TOOL_NAME, input: {} },
    };
  } else if (failed && failure && isConnectionFailure(failure) && authOffered && !authAfterError) {
    return {
      text: [...summaries, `${failText(true)} Let me check your connection status.`].join('\n\n'),
      call: { toolName: AUTH_TOOL_NAME, input: {} },
    };
  }

  if (lastAuth && (done.length === 0 || authAfterError)) {
    const auth = parseAuth(lastAuth.output);
    if (!auth) {
      return {
        text: [
          ...summaries,
          "I couldn't check your authentication status, so I won't guess whether your accounts are connected. Please try again in a moment.",
        ].join('\n\n'),
      };
    }
    if (auth.status === 'authentication_needed') {
      const missing = needed.filter((s) => auth.unauthenticated_servers.includes(s));
      if (missing.length > 0)
        return { text: [...summaries, linkMessage(auth, missing, needed, confirming || authAfterError)].join('\n\n') };
    }
    if (failed && authAfterError) {
      return {
        text: [
          ...summaries,
          `${failText(true)} Your accounts look connected, so this may be a temporary problem: please try again.`,
        ].join('\n\n'),
      };
    }
  }

  if (failed) return { text: [...summaries, failText(authOffered), ...notes(task)].join('\n\n') };

  const next = task.actions[done.length];
  if (next)
    return step(next, done, before, offered, {
      confirming: confirming && afterLink,
      checked: lastAuth !== undefined,
      summaries,
      task,
    });
  return { text: [...summaries, ...notes(task)].join('\n\n') };
}

/** The text a referring post actually sent (from the call's input), for the reply. */
function postedText(ex: ToolExchange): string {
  const input = ex.input as { text?: unknown; arguments?: { text?: unknown } } | undefined;
  const text = input?.text ?? input?.arguments?.text;
  return typeof text === 'string' ? text : '';
}

function step(
  next: Action,
  done: Array<{ action: Action; output: ToolOutput }>,
  before: Earlier,
  offered: Offered,
  s: { confirming: boolean; checked: boolean; summaries: string[]; task: Task },
): Decision {
  let derived: { title?: string; description?: string; text?: string } | undefined;
  if (next.kind === 'linear_create_issue' && !next.title) {
    derived = derivedIssue(done, before);
    if (!derived)
      return {
        text: [
          ...s.summaries,
          'What should the Linear issue be called? For example: create a Linear issue titled "Fix the login timeout"',
        ].join('\n\n'),
      };
  }
  if (next.kind === 'slack_post' && next.text === undefined) {
    const text = referredContent(done, before);
    if (!text)
      return {
        text: [
          ...s.summaries,
          `What should I post to #${next.channel}? For example: post "ship it" to #${next.channel}`,
        ].join('\n\n'),
      };
    derived = { text };
  }
  const call = routeAction(offered, next, derived);
  if (!call) {
    const server = serverName(serverOf(next));
    const hint = offered.has(CALL_TOOL_TOOL_NAME) ? '' : ' (neither its tools nor call_server_tool are offered)';
    return {
      text: [
        ...s.summaries,
        `I can't ${describe(next)}: this conversation has no ${server} tools${hint}. Connect ${server} and start a new conversation, then ask me again.`,
      ].join('\n\n'),
    };
  }
  let text: string | undefined;
  if (done.length === 0) {
    if (s.confirming && s.checked) text = `Great, you're all set! Let me ${describe(next)} now...`;
    else if (s.checked) text = `You're connected. Let me ${describe(next)} now...`;
  }
  if (isWrite(next) && derived && next.kind === 'linear_create_issue')
    text = [
      text,
      `I'll create the issue in ${next.team} from ${done.length > 0 ? 'what I just read' : 'the Slack messages read earlier'}.`,
    ]
      .filter(Boolean)
      .join(' ');
  return { ...(text ? { text } : {}), call };
}
