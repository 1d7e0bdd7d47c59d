/**
 * Turns whatever went wrong during a chat turn (model provider, navigator, configuration) into one
 * short sentence for the person chatting. Never a stack trace, never a secret.
 */
import { APICallError, JSONParseError, LoadAPIKeyError, TypeValidationError } from '@ai-sdk/provider';
import { RetryError } from 'ai';
import { ModelConfigError } from './models/index.js';
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

export function describeChatError(err: unknown): string {
  if (RetryError.isInstance(err)) return describeChatError(err.lastError);
  let text: string;
  if (err instanceof ModelConfigError) text = err.message;
  else if (LoadAPIKeyError.isInstance(err)) text = 'The model needs an API key: set OPENAI_API_KEY and restart, or choose the offline demo model.';
  else if (APICallError.isInstance(err)) {
    const status = err.statusCode;
    const detail = providerDetail(err).slice(0, 300).replace(/\.+$/, '');
    if (status === 401 || status === 403) text = `The model provider rejected the API key (HTTP ${status}): ${detail}`;
    else if (status === 429) text = `The model provider is rate limiting requests (HTTP 429): ${detail}. Please wait a moment and try again.`;
    else if (status !== undefined && status >= 500) text = `The model provider had an internal error (HTTP ${status}): ${detail}. Please try again.`;
    else if (status !== undefined) text = `The model provider refused the request (HTTP ${status}): ${detail}`;
    else text = `Could not reach the model provider: ${detail}`;
  } else if (JSONParseError.isInstance(err) || TypeValidationError.isInstance(err)) {
    text = 'The model provider sent a malformed response that could not be read. Please try again.';
  } else if (err instanceof Error && /MCP|navigator/i.test(err.message)) text = `The navigator failed: ${err.message.slice(0, 300)}`;
  else text = `Something went wrong while answering: ${err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300)}`;
  return scrubText(text);
}
