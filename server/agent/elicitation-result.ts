/**
 * Turns a navigator `-32042` answer (UrlElicitationRequiredError, SEP-1036) into a tool result: the
 * model reads that the user has to connect the service (and, while In-Chat Authentication is on, to
 * call get_authentication_link, as for any unconnected service); the chat page reads the elicitation
 * from `_meta` and shows it as a Connect card (server/shared/elicitation.ts).
 */
import { ErrorCode, type ElicitRequestURLParams } from '@modelcontextprotocol/sdk/types.js';
import { AUTH_TOOL_NAME, FAILURE_CODE_META, type FailureCode } from '../shared/contracts.js';
import { ELICITATION_META_KEY, type ElicitationCard } from '../shared/elicitation.js';

/** The first URL-mode elicitation of a `-32042` error (as `@ai-sdk/mcp` or the SDK reports it), if this is one. */
export function urlElicitationOf(err: unknown): ElicitRequestURLParams | undefined {
  const e = err as { code?: unknown; data?: unknown; cause?: unknown } | undefined;
  if (!e || typeof e !== 'object') return undefined;
  if (e.code !== ErrorCode.UrlElicitationRequired)
    return e.cause !== undefined && e.cause !== err ? urlElicitationOf(e.cause) : undefined;
  const list = (e.data as { elicitations?: unknown } | undefined)?.elicitations;
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  if (typeof first !== 'object' || first === null) return undefined;
  const f = first as Record<string, unknown>;
  if (f.mode !== 'url' || typeof f.url !== 'string' || typeof f.elicitationId !== 'string') return undefined;
  return {
    mode: 'url',
    url: f.url,
    elicitationId: f.elicitationId,
    message: typeof f.message === 'string' ? f.message : '',
  };
}

/** True when `url` is an http(s) URL on `origin` (the navigator's): only such a URL becomes a Connect card. */
export function onOrigin(url: string, origin: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === origin;
  } catch {
    return false;
  }
}

/**
 * The tool result for an elicitation; `authToolOffered` when the session offers get_authentication_link.
 * The Connect card rides along only without that tool (with it, the model's link gives the card) and
 * only when the URL is on the navigator's origin.
 */
export function elicitationResult(e: ElicitRequestURLParams, authToolOffered: boolean, navigatorOrigin: string) {
  const next = authToolOffered
    ? `Call ${AUTH_TOOL_NAME} and share the link with the user so they can connect it, then try again.`
    : 'A Connect button for it is shown in the chat: ask the user to press it and tell you when they are done, then try again.';
  const card: ElicitationCard = { elicitation_id: e.elicitationId, url: e.url, message: e.message };
  return {
    content: [{ type: 'text' as const, text: `${e.message} The user has not connected this service yet. ${next}` }],
    isError: true,
    // The stable code, as on the navigator's own "not connected" results (contracts.ts FailureCode).
    _meta: {
      [FAILURE_CODE_META]: 'not_connected' satisfies FailureCode,
      ...(authToolOffered || !onOrigin(e.url, navigatorOrigin) ? {} : { [ELICITATION_META_KEY]: card }),
    },
  };
}
