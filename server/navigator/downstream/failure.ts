/**
 * What a failed downstream call means: the typed failure the gateway reports as a tool error, and the
 * tests on SDK errors (timeout, HTTP status) the retry path decides by. Messages carry no token values.
 */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

export type FailureReason = 'not_connected' | 'auth_failed' | 'timeout' | 'unavailable' | 'downstream_error';

/** A downstream call that did not produce a result; `message` is safe to show (no token values). */
export class DownstreamFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'DownstreamFailure';
  }
}

/** A slow answer is not a broken session: keep the client, so the user's other calls in flight on it survive. */
export function isTimeout(err: unknown): boolean {
  return err instanceof McpError && err.code === (ErrorCode.RequestTimeout as number);
}

export function isStatus(err: unknown, status: number): boolean {
  return err instanceof StreamableHTTPError && err.code === status;
}

export function classify(err: unknown, timeoutMs: number): DownstreamFailure {
  if (err instanceof DownstreamFailure) return err;
  if (isTimeout(err)) return new DownstreamFailure('timeout', `it did not answer within ${timeoutMs} ms`);
  if (err instanceof McpError && err.code !== (ErrorCode.ConnectionClosed as number))
    return new DownstreamFailure('downstream_error', err.message.slice(0, 300));
  if (isStatus(err, 403)) {
    // MCP Scope Challenge Handling: a 403 insufficient_scope carries a JSON-RPC error saying which scope is missing.
    const scopeMessage = insufficientScopeMessage(err instanceof Error ? err.message : '');
    if (scopeMessage) return new DownstreamFailure('downstream_error', scopeMessage);
  }
  if (err instanceof StreamableHTTPError && err.code !== undefined && err.code > 0)
    return new DownstreamFailure('unavailable', `it answered HTTP ${err.code}`);
  return new DownstreamFailure('unavailable', 'it could not be reached');
}

/** The JSON-RPC error message of a 403 insufficient_scope answer (the HTTP error's text carries the body). */
function insufficientScopeMessage(text: string): string | undefined {
  const at = text.indexOf('{');
  if (at < 0 || !text.includes('insufficient_scope')) return undefined;
  try {
    const body = JSON.parse(text.slice(at)) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}
