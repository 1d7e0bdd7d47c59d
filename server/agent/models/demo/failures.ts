/**
 * What a failed tool call means for the user, and how to say it. The navigator's own failures carry a
 * stable FailureCode (contracts.ts) and are classified by that code alone; a third-party server's
 * error (a downstream's own answer, or a server that is not the navigator) may carry a code of its
 * own, else `classifyText` reads its prose: that matching lives here and nowhere else.
 * Texts written for a model ("Call get_authentication_link and share the link...") never reach the user.
 */
import { isRecord } from '../../../shared/guards.js';
import { failureCodeOf, type FailureCode } from '../../../shared/contracts.js';
import type { ToolOutput } from './conversation.js';

export type FailureKind = 'not_connected' | 'expired' | 'admin' | 'scope' | 'unavailable' | 'downstream';

/** A third-party `code` (or `error`) string from the result's JSON, its structuredContent or its `_meta`. */
function codeOf(json: unknown): string | undefined {
  if (!isRecord(json)) return undefined;
  for (const holder of [json, json.structuredContent, json._meta, json.error, json.data]) {
    if (!isRecord(holder)) continue;
    for (const key of ['code', 'error', 'reason']) {
      const v = holder[key];
      if (typeof v === 'string' && v.length > 0 && v.length < 80) return v.toLowerCase();
    }
  }
  return undefined;
}

/** Third-party codes, matched loosely (their vocabulary is not ours). */
const BY_CODE: Array<[RegExp, FailureKind]> = [
  [/expired|revoked|auth_failed|invalid_grant|invalid_token|reconnect/, 'expired'],
  [/not_connected|needs_connect|unauthenticated|no_credential|auth(entication)?_required/, 'not_connected'],
  [/project|admin|shared/, 'admin'],
  [/scope/, 'scope'],
  [/unavailable|timeout|down|unreachable|rate_limit|busy/, 'unavailable'],
];

/** The only prose matching of tool errors in the demo model: for third-party servers' texts only. */
function classifyText(text: string): FailureKind {
  if (/administrator|shared (\w+ )?credential/i.test(text)) return 'admin';
  if (/missing (oauth )?scope|missing_scope/i.test(text)) return 'scope';
  if (/expired|revoked|no longer valid|invalid[_ ]token/i.test(text)) return 'expired';
  if (
    /not (yet )?(connected|authenticated|authori[sz]ed)|has not connected|needs? to connect|no (valid )?credential|authenticat(e|ion) (is )?(required|needed)|unauthori[sz]ed|sign in/i.test(
      text,
    )
  )
    return 'not_connected';
  if (/unavailable|could not (handle|reach)|timed? ?out|try again later|ECONNREFUSED|is down/i.test(text))
    return 'unavailable';
  return 'downstream';
}

/** The navigator's own failures, by code. */
function kindOfCode(code: FailureCode, output: ToolOutput): FailureKind {
  switch (code) {
    case 'not_connected':
      return 'not_connected';
    case 'expired':
      return 'expired';
    case 'shared_not_connected':
    case 'shared_expired':
      return 'admin';
    case 'server_unavailable':
    case 'navigator_unavailable':
    case 'session_gone':
      return 'unavailable';
    case 'downstream_error':
      // The downstream server's own answer, relayed: third-party prose.
      return classifyText(output.text);
    case 'unknown_server':
    case 'bad_arguments':
    case 'feature_off':
      return 'downstream';
  }
}

export function classifyFailure(output: ToolOutput): FailureKind {
  const own = failureCodeOf(output.json);
  if (own) return kindOfCode(own, output);
  const code = codeOf(output.json);
  if (code) for (const [re, kind] of BY_CODE) if (re.test(code)) return kind;
  return classifyText(output.text);
}

/** True when the failure is about the user's own connection, so a status check can help. */
export function isConnectionFailure(kind: FailureKind): boolean {
  return kind === 'not_connected' || kind === 'expired' || kind === 'scope';
}

/** The part of a downstream error worth showing: the service's own message, without the navigator's model-facing advice. */
export function userFacingError(output: ToolOutput): string {
  const text = output.text.trim();
  if (text.length === 0) return 'no details were given';
  const cut = text
    .split(/(?<=[.!?])\s+/)
    .filter(
      (s) =>
        !/\b(call|use) (get_authentication_link|list_issues|list_channels|list_server_tools|call_server_tool)\b|\bthe user\b|\bshare the link\b|\bbefore trying again\b/i.test(
          s,
        ),
    )
    .join(' ')
    .replace(/^[\w ]{1,30} returned an error:\s*/i, '');
  return (cut || 'no details were given').slice(0, 300);
}

/** How the demo tells the user about a failed call, by kind. `action` is "read #general"; `feature` whether it can share a link. */
export function failureSentence(
  kind: FailureKind,
  server: string,
  action: string,
  output: ToolOutput,
  inChatAuth: boolean,
  write = false,
): string {
  const head = `I couldn't ${action}`;
  const noGuess = write ? '' : " I won't guess what it would have returned.";
  switch (kind) {
    case 'expired':
      return `${head}: your ${server} connection expired.${inChatAuth ? '' : ` Reconnect ${server} on your navigator's connections page (your administrator can tell you where it is), then ask me again.`}`;
    case 'not_connected':
      return `${head}: ${server} isn't connected for you yet.${
        inChatAuth
          ? ''
          : ` I can't give you a connection link here because In-Chat Authentication is off for this assistant: connect ${server} on your navigator's connections page (your administrator can tell you where it is), then ask me again.`
      }`;
    case 'admin':
      return `${head}: ${server} uses a shared connection that only a project administrator can fix. Please ask them to reconnect it.`;
    case 'scope':
      return `${head}: your ${server} connection doesn't allow that. Please reconnect ${server} and allow the requested access, then ask me again.`;
    case 'unavailable':
      return `${head}: ${server} is unavailable right now. Please try again in a moment.${noGuess}`;
    case 'downstream':
      return `${head}: ${server} said: ${userFacingError(output)}${noGuess}`;
  }
}
