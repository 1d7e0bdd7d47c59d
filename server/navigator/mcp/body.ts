/**
 * Reads the JSON body of the MCP endpoint's usual request (POST, `application/json`, UTF-8, not
 * compressed) with one size-limited read: body-parser's per-request content negotiation, charset and
 * inflate plumbing show in the profile of a proxied call. Other requests keep going through
 * body-parser. Refusals match body-parser's: 413 over the limit, 400 for malformed or non-object JSON,
 * answered only after the rest of the body was read so the connection stays usable.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  { ok: true; body: unknown } | { ok: false; status: number; parseError: boolean; message: string };

const PLAIN_TYPES = new Set(['application/json', 'application/json;charset=utf-8', 'application/json; charset=utf-8']);

/** True when this request's body can be read here instead of by body-parser. */
export function isPlainJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  const encoding = req.headers['content-encoding'];
  return (
    req.method === 'POST' &&
    typeof type === 'string' &&
    PLAIN_TYPES.has(type.toLowerCase()) &&
    (encoding === undefined || encoding.toLowerCase() === 'identity')
  );
}

export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    // Like body-parser: a request that declares no body has none.
    if (
      req.headers['content-length'] === '0' ||
      (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)
    ) {
      return resolve({ ok: true, body: undefined });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refusal: BodyResult | undefined;
    if (Number(req.headers['content-length']) > limit) refusal = tooLarge();
    req.on('data', (c: Buffer) => {
      if (refusal) return;
      size += c.length;
      if (size > limit) refusal = tooLarge();
      else chunks.push(c);
    });
    req.on('end', () => {
      if (refusal) return resolve(refusal);
      const text =
        chunks.length === 1 && chunks[0] ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
      if (text.length === 0) return resolve({ ok: true, body: {} });
      try {
        const body: unknown = JSON.parse(text);
        // body-parser's strict mode: only objects and arrays.
        if (typeof body === 'object' && body !== null) return resolve({ ok: true, body });
      } catch {
        // fall through to the refusal
      }
      resolve({ ok: false, status: 400, parseError: true, message: 'Parse error: the body is not valid JSON' });
    });
    req.on('error', () =>
      resolve({
        ok: false,
        status: 400,
        parseError: false,
        message: 'Bad request: the request body could not be read',
      }),
    );
  });
}

function tooLarge(): BodyResult {
  return { ok: false, status: 413, parseError: false, message: 'Request body is larger than the limit' };
}
