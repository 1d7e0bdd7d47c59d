/**
 * Small fetch helpers for talking to downstream authorization servers: a timeout on every request
 * and JSON bodies validated with zod, so a broken server yields a clear error instead of a hang.
 */
import type { z } from 'zod';

export class OAuthFlowError extends Error {
  constructor(
    message: string,
    /** The OAuth `error` code when the server sent one (e.g. invalid_grant). */
    readonly oauthError?: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'OAuthFlowError';
  }
}

export async function fetchJson<T extends z.ZodType>(url: string, schema: T, init: RequestInit & { timeoutMs: number }): Promise<z.infer<T>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs), redirect: 'error' });
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    throw new OAuthFlowError(timedOut ? `${new URL(url).host} did not answer within ${init.timeoutMs} ms` : `could not reach ${new URL(url).host}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new OAuthFlowError(`${new URL(url).host} answered ${res.status} without JSON`, undefined, res.status);
  }
  if (!res.ok) {
    const e = body as { error?: unknown; error_description?: unknown };
    const code = typeof e.error === 'string' ? e.error : undefined;
    const desc = typeof e.error_description === 'string' ? `: ${e.error_description.slice(0, 200)}` : '';
    throw new OAuthFlowError(`${new URL(url).host} answered ${res.status}${code ? ` ${code}` : ''}${desc}`, code, res.status);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new OAuthFlowError(`${new URL(url).host} sent an unexpected response`, undefined, res.status);
  return parsed.data;
}
