/**
 * Shared pieces of the property-based fuzzing: value arbitraries for hostile input, and the answer
 * invariants (no 5xx, no stack trace, JSON or JSON-RPC errors where the endpoint speaks JSON, never a
 * redirect to an unregistered URI). Used by the fast tests and by the stress tier.
 */
import fc from 'fast-check';
import { STACK_TRACE, type RawResponse } from './raw-http.js';

/** Strings a hostile client sends: empty, huge-ish, unicode, control characters, injection-looking. */
export const nasty: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    '%00',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '${jndi:x}',
    'a'.repeat(3000),
    '\u0000',
    '💥',
    'slack__',
    '__x',
    'slack__list_channels',
  ),
);

/** Values safe to put in an HTTP header (node:http refuses control characters). */
export const headerValue: fc.Arbitrary<string> = fc
  .oneof(nasty, fc.string({ unit: 'grapheme-ascii' }))
  .map((s) => s.replace(/[^\x20-\x7e]/g, '').slice(0, 500));

/** Any JSON, including deep and odd shapes. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom({}, [], null, 0, '', { __proto__: { x: 1 } }, { constructor: { prototype: {} } }),
);

/** A path segment, URL-encoded. */
export function segment(...known: string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(...known),
      nasty.filter((s) => s.length > 0 && s.length < 200),
    )
    .map((s) => encodeURIComponent(s));
}

/** A record with some of `keys` (plus maybe a junk key), each a known-good value or a nasty one. */
export function fields(keys: Record<string, readonly string[]>): fc.Arbitrary<Record<string, string>> {
  const entries = Object.entries(keys).map(([k, good]) =>
    fc.option(fc.tuple(fc.constant(k), good.length > 0 ? fc.oneof(fc.constantFrom(...good), nasty) : nasty), {
      nil: undefined,
    }),
  );
  return fc
    .tuple(
      fc.tuple(...entries),
      fc.option(
        fc.tuple(
          nasty.filter((s) => s.length > 0 && s.length < 50),
          nasty,
        ),
        { nil: undefined },
      ),
    )
    .map(([pairs, junk]) => {
      const out: Record<string, string> = {};
      for (const p of pairs) if (p) out[p[0]] = p[1];
      if (junk && !(junk[0] in out)) out[junk[0]] = junk[1];
      return out;
    });
}

export type AnswerKind = 'json' | 'jsonrpc' | 'page';

function isJsonError(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const e = (body as { error?: unknown }).error;
  if (typeof e === 'string') return true; // OAuth: {"error": "invalid_request", "error_description": ...}
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string';
}

/**
 * Checks one answer; throws with the request and answer when an invariant breaks.
 * `allowedRedirects`: prefixes a 3xx Location may start with (relative paths are always allowed).
 */
export function checkAnswer(
  where: string,
  r: RawResponse,
  kind: AnswerKind,
  allowedRedirects: readonly string[] = [],
): void {
  const fail = (why: string) => {
    throw new Error(
      `${where}: ${why} (HTTP ${r.status}, ${String(r.headers['content-type'] ?? '')}): ${r.text.slice(0, 300)}`,
    );
  };
  // The one deliberate 5xx: a 502 JSON error reporting that an upstream the request names could not be reached.
  const gateway =
    r.status === 502 && (r.json as { error?: { code?: unknown } } | undefined)?.error?.code === 'bad_gateway';
  if (r.status >= 500 && !gateway) fail('server error');
  if (r.status === 0) fail('no answer');
  if (STACK_TRACE.test(r.text)) fail('stack trace or internal path in the answer');
  if (r.status >= 300 && r.status < 400) {
    const loc = String(r.headers.location ?? '');
    if (!loc) fail('redirect without Location');
    if (/^[a-z][a-z0-9+.-]*:/i.test(loc) && !allowedRedirects.some((p) => loc.startsWith(p)))
      fail(`redirect to an unexpected place: ${loc}`);
    return;
  }
  const type = String(r.headers['content-type'] ?? '');
  if (type.startsWith('text/event-stream')) return;
  if (kind === 'page') {
    if (r.status >= 400 && !type.includes('html') && !(type.includes('json') && isJsonError(r.json)))
      fail('error that is neither a page nor a JSON error');
    return;
  }
  if (r.text === '' && r.status < 300) return; // e.g. 202 for a notification, 200 for DELETE of a session
  if (r.json === undefined) fail('answer is not JSON');
  if (r.status >= 400) {
    if (kind === 'jsonrpc') {
      const b = r.json as { jsonrpc?: unknown; error?: { code?: unknown; message?: unknown } };
      const rpc = b.jsonrpc === '2.0' && typeof b.error?.code === 'number' && typeof b.error.message === 'string';
      if (!rpc && !isJsonError(r.json)) fail('error is not a JSON-RPC or JSON error');
    } else if (!isJsonError(r.json)) fail('error is not a JSON error');
  }
}
