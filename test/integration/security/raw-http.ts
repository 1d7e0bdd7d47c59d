/**
 * Raw HTTP for security tests: node:http lets a test send the headers a browser or fetch would not
 * (a foreign Host, any Origin, odd methods) and read the answer as it is.
 */
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined. */
  json: unknown;
}

export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // Node frames DELETE/GET bodies neither as chunked nor by length: give every body its length
    // unless the test sets framing headers on purpose.
    const headers = { ...opts.headers };
    const framed = Object.keys(headers).some((h) => ['content-length', 'transfer-encoding'].includes(h.toLowerCase()));
    if (opts.body !== undefined && !framed) headers['content-length'] = String(Buffer.byteLength(opts.body));
    const req = request(url, { method: opts.method ?? 'GET', headers, agent: false }, (res) => {
      // An event stream stays open by design: its status and headers are the answer.
      if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '', json: undefined });
        res.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** A stack trace or an internal path in an answer. */
export const STACK_TRACE = /\n\s+at [^\n]+:\d+:\d+|node_modules|\/work\/|file:\/\/|Error: .*\n\s+at /;
