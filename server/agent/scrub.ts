/**
 * Defense in depth for secrets: the navigator never sends downstream tokens, but anything that looks
 * like a bearer token or a credential field is still masked before it reaches a transcript, the
 * model or the page.
 */

const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const SECRET_KEY =
  /^(access_token|refresh_token|id_token|token|authorization|api_key|apikey|client_secret|password|secret)$/i;
export const REDACTED = '[redacted]';

export function scrubText(text: string): string {
  return text.replace(BEARER, `$1 ${REDACTED}`);
}

/** A deep copy of `value` with bearer tokens masked in strings and credential-named fields blanked. */
export function scrubSecrets<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return scrubText(value) as T;
  if (depth > 20 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => scrubSecrets(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && typeof v === 'string' && v.length > 0 ? REDACTED : scrubSecrets(v, depth + 1);
  }
  return out as T;
}
