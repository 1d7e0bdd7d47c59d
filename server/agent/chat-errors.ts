/**
 * Turns whatever went wrong during a chat turn (model provider, navigator, configuration) into one
 * short sentence for the person chatting. Never a stack trace, never a secret.
 */
import { APICallError, JSONParseError, LoadAPIKeyError, TypeValidationError } from '@ai-sdk/provider';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { RetryError } from 'ai';
import type { ChatErrorCode } from '../shared/contracts.js';
import { ModelConfigError } from './models/index.js';
import { transportStatus } from './navigator-transport.js';
import { scrubText } from './scrub.js';

function providerDetail(err: APICallError): string {
  const body = err.responseBody ?? '';
  try {
    const parsed: unknown = JSON.parse(body);
    const msg = (parsed as { error?: { message?: unknown } }).error?.message;
    if (typeof msg === 'string') return msg;
  } catch {
    // Not JSON: fall back to the SDK's message.
  }
  return err.message;
}

/** The first `code` (ECONNREFUSED, ENOTFOUND, ...) along an error's cause chain. */
function causeCode(err: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; cause?: unknown };
  return typeof e.code === 'string' ? e.code : causeCode(e.cause, depth + 1);
}

function messagesOf(err: unknown, depth = 0): string {
  if (depth > 5 || !(err instanceof Error)) return '';
  return `${err.message} ${messagesOf(err.cause, depth + 1)}`;
}

/**
 * Why the agent could not open (or use) the navigator session, in one sentence: unreachable, the
 * instance key refused, another HTTP answer (with the navigator's own JSON-RPC error message), a timeout.
 */
export function describeNavigatorError(err: unknown, navigatorUrl: string): string {
  const all = messagesOf(err);
  const code = causeCode(err);
  const http = /\(HTTP (\d{3})\)(?::\s*([\s\S]*))?/.exec(all);
  let text: string;
  if (http) {
    const status = Number(http[1]);
    let detail = (http[2] ?? '').trim();
    try {
      const parsed = JSON.parse(detail.slice(0, detail.lastIndexOf('}') + 1)) as { error?: { message?: unknown } };
      if (typeof parsed.error?.message === 'string') detail = parsed.error.message;
    } catch {
      // Not JSON: keep the text as it is.
    }
    detail = detail.slice(0, 200).replace(/\.+$/, '');
    if (status === 401 || status === 403)
      text = `The navigator refused the agent's instance API key (HTTP ${status}${detail ? `: ${detail}` : ''}). Check NAVIGATOR_API_KEY.`;
    else text = `The navigator answered HTTP ${status}${detail ? `: ${detail}` : ''}.`;
  } else if (
    code &&
    /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT)$/.test(code)
  ) {
    text = `Could not reach the navigator at ${navigatorUrl} (${code}). Is it running?`;
  } else if (/timed? ?out|TimeoutError|aborted due to timeout/i.test(all) || code === 'ETIMEDOUT') {
    text = `The navigator at ${navigatorUrl} did not answer in time. Please try again.`;
  } else {
    text = `The navigator failed: ${(err instanceof Error ? err.message : String(err)).slice(0, 300)}`;
  }
  return scrubText(text);
}

/** `@ai-sdk/mcp`'s MCPClientError (not exported), by the AI SDK's error marker. */
const MCP_CLIENT_ERROR = Symbol.for('vercel.ai.error.AI_MCPClientError');
function isMcpClientError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[MCP_CLIENT_ERROR] === true;
}

/**
 * The stable code of a chat failure, by the error's type (never its wording): the model provider's
 * errors, the navigator's (an MCP client or transport error), or anything else.
 */
export function chatErrorCode(err: unknown): ChatErrorCode {
  if (RetryError.isInstance(err)) return chatErrorCode(err.lastError);
  if (
    err instanceof ModelConfigError ||
    LoadAPIKeyError.isInstance(err) ||
    APICallError.isInstance(err) ||
    JSONParseError.isInstance(err) ||
    TypeValidationError.isInstance(err)
  ) {
    return 'model_unavailable';
  }
  if (isMcpClientError(err) || err instanceof McpError || transportStatus(err) !== undefined)
    return 'navigator_unavailable';
  return 'internal';
}

export function describeChatError(err: unknown): string {
  if (RetryError.isInstance(err)) return describeChatError(err.lastError);
  let text: string;
  if (err instanceof ModelConfigError) text = err.message;
  else if (LoadAPIKeyError.isInstance(err))
    text = 'The model needs an API key: set OPENAI_API_KEY and restart, or choose the offline demo model.';
  else if (APICallError.isInstance(err)) {
    const status = err.statusCode;
    const detail = providerDetail(err).slice(0, 300).replace(/\.+$/, '');
    if (status === 401 || status === 403) text = `The model provider rejected the API key (HTTP ${status}): ${detail}`;
    else if (status === 429)
      text = `The model provider is rate limiting requests (HTTP 429): ${detail}. Please wait a moment and try again.`;
    else if (status !== undefined && status >= 500)
      text = `The model provider had an internal error (HTTP ${status}): ${detail}. Please try again.`;
    else if (status !== undefined) text = `The model provider refused the request (HTTP ${status}): ${detail}`;
    else text = `Could not reach the model provider: ${detail}`;
  } else if (JSONParseError.isInstance(err) || TypeValidationError.isInstance(err)) {
    text = 'The model provider sent a malformed response that could not be read. Please try again.';
  } else if (err instanceof Error && /MCP|navigator/i.test(err.message))
    text = `The navigator failed: ${err.message.slice(0, 300)}`;
  else
    text = `Something went wrong while answering: ${err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300)}`;
  return scrubText(text);
}
