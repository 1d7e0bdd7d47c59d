/**
 * The demo model's policy: given the conversation so far and the tools offered, decide the next step
 * (some text, optionally one tool call). Follows the documented In-Chat Authentication flow: check
 * status first, share the link naming the missing servers, wait, verify when the user says they are
 * done, then act and summarize the real results. Pure and deterministic.
 */
import { AUTH_TOOL_NAME, AuthLinkResult, CALL_TOOL_TOOL_NAME, LIST_TOOLS_TOOL_NAME } from '../../../shared/contracts.js';
import type { ConversationView, ToolExchange, ToolOutput } from './conversation.js';
import { isConfirmation, parseTask, serverOf, type Action, type Task } from './intent.js';
import { describe, issueFromSlack, joinNames, summarize } from './render.js';
import { routeAction, type Offered, type PlannedCall } from './tools.js';

export interface Decision {
  text?: string;
  call?: PlannedCall;
}

const HELP =
  "I'm the offline demo model, so I can't answer general questions or do anything outside your Slack and Linear, and I won't guess. I can read your Slack direct messages or a channel, search Slack, list channels and post messages; " +
  'and list, look up, create and update Linear issues, for example "Can you check my Slack messages and create a Linear issue?" or ' +
  '"Move ENG-3 to In Progress". When a service is not connected yet I will give you a link to connect it.';

const NOT_CONNECTED = /not (yet )?(connected|authenticated|authori[sz]ed)|needs?[_ ]connect|authenticat(e|ion) (is )?(required|needed)|no (valid )?credential|expired|revoked|unauthori[sz]ed|sign in/i;

function displayName(auth: AuthLinkResult | undefined, server: string): string {
  return auth?.servers.find((s) => s.name === server)?.display_name ?? server.charAt(0).toUpperCase() + server.slice(1);
}

function parseAuth(output: ToolOutput | undefined): AuthLinkResult | undefined {
  if (!output || output.isError) return undefined;
  const parsed = AuthLinkResult.safeParse(output.json);
  return parsed.success ? parsed.data : undefined;
}

/** The task being worked on: this message's, or, when the user says "done", the last one they asked for. */
function currentTask(view: ConversationView): { task: Task | undefined; confirming: boolean } {
  const last = view.userTexts[view.userTexts.length - 1] ?? '';
  const own = parseTask(last);
  if (own) return { task: own, confirming: false };
  if (!isConfirmation(last)) return { task: undefined, confirming: false };
  for (let i = view.userTexts.length - 2; i >= 0; i--) {
    const earlier = parseTask(view.userTexts[i] ?? '');
    if (!earlier) continue;
    // Pending only while no later turn got a downstream tool to answer: "ok thanks" must not redo the work.
    const handled = view.turns.slice(i, -1).some((t) => t.some((ex) => ex.toolName !== AUTH_TOOL_NAME && ex.toolName !== LIST_TOOLS_TOOL_NAME && ex.output && !ex.output.isError));
    return { task: handled ? undefined : earlier, confirming: true };
  }
  return { task: undefined, confirming: true };
}

function linkMessage(auth: AuthLinkResult, missing: string[], needed: string[], confirming: boolean): string {
  const names = joinNames(missing.map((s) => displayName(auth, s)));
  const accounts = missing.length === 1 ? 'account' : 'accounts';
  const link = auth.auth_link ?? '(the navigator did not return a link; please connect in the settings page)';
  const tail = `Please authenticate using this link: ${link} Once you've completed authentication, let me know and I'll proceed.`;
  if (!confirming) return `It looks like you haven't connected your ${names} ${accounts} yet. ${tail}`;
  const done = needed.filter((s) => !missing.includes(s)).map((s) => displayName(auth, s));
  if (done.length > 0) return `Thanks, ${joinNames(done)} ${done.length === 1 ? 'is' : 'are'} connected now, but ${names} still ${missing.length === 1 ? "isn't" : "aren't"}. ${tail}`;
  return `It looks like your ${names} ${accounts} ${missing.length === 1 ? "isn't" : "aren't"} connected yet. ${tail}`;
}

function failureText(action: Action, out: ToolOutput, authOffered: boolean): string {
  const server = serverOf(action) === 'slack' ? 'Slack' : 'Linear';
  const reason = out.text.trim().length > 0 ? out.text.trim().slice(0, 400) : 'no details were given';
  const head = `I couldn't ${describe(action)}: the ${server} tool returned an error (${reason}). I won't guess what it would have returned.`;
  if (NOT_CONNECTED.test(out.text) && !authOffered) return `${head} It looks like ${server} isn't connected for you: please connect it in the settings page, then ask me again.`;
  return head;
}

/** Decides the next step. */
export function decide(view: ConversationView, offered: Offered): Decision {
  const { task, confirming } = currentTask(view);
  if (!task) {
    return { text: confirming ? "Thanks! What would you like me to do next? I can work with your Slack and Linear." : HELP };
  }
  // Never make up what the user did not say (the text of a post, an issue's title): ask for it.
  if (task.missing) return { text: `I won't make that up: please tell me ${task.missing.what}, for example: ${task.missing.example}` };
  const authOffered = offered.has(AUTH_TOOL_NAME);
  const needed = [...new Set(task.actions.map(serverOf))];

  // Replay this turn's tool exchanges against the task's actions.
  let lastAuth: ToolExchange | undefined;
  let authAfterError = false;
  const done: Array<{ action: Action; output: ToolOutput }> = [];
  let failed: { action: Action; output: ToolOutput } | undefined;
  for (const ex of view.turn) {
    if (ex.toolName === AUTH_TOOL_NAME) {
      lastAuth = ex;
      if (failed) authAfterError = true;
      continue;
    }
    if (ex.toolName === LIST_TOOLS_TOOL_NAME || failed) continue;
    const action = task.actions[done.length];
    if (!action || !ex.output) continue;
    if (ex.output.isError) failed = { action, output: ex.output };
    else done.push({ action, output: ex.output });
  }
  const summaries = done.map((d) => summarize(d.action, d.output));

  if (!authOffered && !lastAuth) {
    // Feature off: go straight to the tools.
  } else if (!lastAuth) {
    return { text: confirming ? 'Let me verify that.' : 'Let me check your authentication status first.', call: { toolName: AUTH_TOOL_NAME, input: {} } };
  } else if (failed && NOT_CONNECTED.test(failed.output.text) && authOffered && !authAfterError) {
    return { text: `${failureText(failed.action, failed.output, true)} Let me check your connection status.`, call: { toolName: AUTH_TOOL_NAME, input: {} } };
  }

  if (lastAuth && (done.length === 0 || authAfterError)) {
    if (lastAuth.output?.isError || !parseAuth(lastAuth.output)) {
      const why = lastAuth.output?.text.trim() || 'no result';
      return { text: [...summaries, `I couldn't check your authentication status (${why.slice(0, 300)}), so I won't guess whether your accounts are connected. Please try again in a moment.`].join('\n\n') };
    }
    const auth = parseAuth(lastAuth.output);
    if (auth && auth.status === 'authentication_needed') {
      const missing = needed.filter((s) => auth.unauthenticated_servers.includes(s));
      if (missing.length > 0) return { text: [...summaries, linkMessage(auth, missing, needed, confirming || authAfterError)].join('\n\n') };
    }
    if (failed && authAfterError) {
      return { text: [...summaries, `${failureText(failed.action, failed.output, true)} Your accounts look connected, so this may be a temporary problem: please try again.`].join('\n\n') };
    }
  }

  if (failed) return { text: [...summaries, failureText(failed.action, failed.output, authOffered)].join('\n\n') };

  const next = task.actions[done.length];
  if (next) {
    const derived = next.kind === 'linear_create_issue' && !next.title ? issueFromSlack(done.filter((d) => serverOf(d.action) === 'slack').map((d) => d.output)) : undefined;
    const call = routeAction(offered, next, derived);
    if (!call) {
      const server = serverOf(next) === 'slack' ? 'Slack' : 'Linear';
      const hint = offered.has(CALL_TOOL_TOOL_NAME) ? '' : ' (neither its tools nor call_server_tool are offered)';
      return { text: [...summaries, `I can't ${describe(next)}: this session has no ${server} tools${hint}. Please check that ${server} is connected in the settings page.`].join('\n\n') };
    }
    let text: string | undefined;
    if (done.length === 0) {
      if (confirming && lastAuth) text = `Great, you're all set! Let me ${describe(next)} now...`;
      else if (lastAuth) text = `You're connected. Let me ${describe(next)} now...`;
    }
    return { ...(text ? { text } : {}), call };
  }
  return { text: summaries.join('\n\n') };
}
