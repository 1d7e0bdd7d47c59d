/**
 * The lane's one body reader (lane.ts): the JSON body of the MCP endpoint's usual request (POST,
 * `application/json`, UTF-8, not compressed) in one size-limited read. body-parser's per-request
 * content negotiation, charset and inflate plumbing show in the profile of a proxied call; requests
 * this reader does not take (`isPlainJson` false) stay with Express, where `express.json` reads them.
 * The results are body-parser's (strict mode): 413 over the limit, 400 for malformed or non-object
 * JSON, `{}` for an empty body, a leading BOM ignored, answered only after the rest of the body was
 * read so the connection stays usable. test/integration/navigator/lane-differential.test.ts holds
 * the two readers to the same answers.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  { ok: true; body: unknown } | { ok: false; status: number; parseError: boolean; message: string };

const PLAIN_TYPES = new Set(['application/json', 'application/json;charset=utf-8', 'application/json; charset=utf-8']);

/** True when this request's body can be read here: a POST that declares a plain JSON body. */
export function isPlainJson(req: IncomingMessage): boolean {
  const h = req.headers;
  const type = h['content-type'];
  const encoding = h['content-encoding'];
  return (
    req.method === 'POST' &&
    typeof type === 'string' &&
    PLAIN_TYPES.has(type.toLowerCase()) &&
    (encoding === undefined || encoding.toLowerCase() === 'identity') &&
    // Like body-parser: a request that declares no body has none (and body-parser leaves it unread).
    (h['content-length'] !== undefined || h['transfer-encoding'] !== undefined)
  );
}

const TOO_LARGE: BodyResult = {
  ok: false,
  status: 413,
  parseError: false,
  message: 'Request body is larger than the limit',
};
const NOT_JSON: BodyResult = {
  ok: false,
  status: 400,
  parseError: true,
  message: 'Parse error: the body is not valid JSON',
};
const UNREADABLE: BodyResult = {
  ok: false,
  status: 400,
  parseError: false,
  message: 'Bad request: the request body could not be read',
};

/** Reads and parses the body of a request `isPlainJson` accepted; never rejects. */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refusal: BodyResult | undefined;
    if (Number(req.headers['content-length']) > limit) refusal = TOO_LARGE;
    req.on('data', (c: Buffer) => {
      if (refusal) return;
      size += c.length;
      if (size > limit) refusal = TOO_LARGE;
      else chunks.push(c);
    });
    req.on('end', () => {
      if (refusal) return resolve(refusal);
      let text = chunks.length === 1 && chunks[0] ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
      // body-parser decodes with iconv-lite, which drops a byte order mark.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length === 0) return resolve({ ok: true, body: {} });
      try {
        const body: unknown = JSON.parse(text);
        // body-parser's strict mode: only objects and arrays.
        if (typeof body === 'object' && body !== null) return resolve({ ok: true, body });
      } catch {
        // fall through to the refusal
      }
      resolve(NOT_JSON);
    });
    req.on('error', () => resolve(UNREADABLE));
  });
}
