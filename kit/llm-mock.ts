/**
 * The test kit's one way of mocking the LLM vendor with msw: msw request handlers (`http.post`,
 * `HttpResponse`, `use` / `resetHandlers` / `close`), answered by a small HTTP server on a free
 * loopback port. The provider under test is pointed at it the way a prompt engineer points it at a
 * local OpenAI-compatible server (`openai.baseURL`, `OPENAI_BASE_URL`), so the real @ai-sdk/openai
 * provider, its fetch and its parser all run.
 *
 * Why not `setupServer` from `msw/node`: it intercepts every request of the whole process, the
 * stack's own loopback traffic included, and @mswjs/interceptors 0.41 (the line msw 2.15 needs; msw 3
 * needs Node 22) clones every passed-through fetch response for its "response" event. An awaited
 * `response.body.cancel()` on such a body (the MCP SDK does it on every 202) then never settles,
 * because a tee's branch cancels only when the other branch does (mswjs/interceptors#712, #799;
 * fixed in 0.42.5). The repo had two workarounds for it (a `globalThis.fetch` patch that routed
 * loopback traffic around msw, and a child process for the navigator). Serving the handlers instead
 * intercepts nothing: the stack runs in one process, untouched, and a child process (the harness
 * CLI, the bench) can use the same mock through its URL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getResponse, type RequestHandler } from 'msw';

export interface LlmMock {
  /** The server's origin, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** An OpenAI-compatible base URL on the mock (`<url>/v1`), for `openai.baseURL` / `OPENAI_BASE_URL`. */
  readonly baseURL: string;
  /** Requests no handler answered, as `METHOD path`; each got HTTP 500 with that message. */
  readonly unhandled: string[];
  /** Prepends handlers until the next `resetHandlers` (msw's `server.use`). */
  use(...handlers: RequestHandler[]): void;
  /** Drops handlers added by `use`, or replaces all handlers with `next` (msw's `server.resetHandlers`). */
  resetHandlers(...next: RequestHandler[]): void;
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks);
  return new Request(new URL(req.url ?? '/', origin), { method, headers, body });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  if (response.type === 'error') {
    // HttpResponse.error(): a network error, as the provider would see a dropped connection.
    res.socket?.destroy();
    return;
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) return void res.end();
  // The provider may stop reading mid-stream (an aborted turn); that is not a mock failure.
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), res).catch(() => {});
}

/**
 * Starts the mock on a free loopback port with `handlers` (msw's `http.*`; match with `*` paths such
 * as `*\/chat/completions`, since the port is only known once it listens).
 */
export async function startLlmMock(...handlers: RequestHandler[]): Promise<LlmMock> {
  let initial = [...handlers];
  let current = [...initial];
  const unhandled: string[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const request = await toRequest(req, origin);
        const response = await getResponse(current, request);
        if (response) return await send(res, response);
        const what = `${request.method} ${new URL(request.url).pathname}`;
        unhandled.push(what);
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `LLM mock: no handler for ${what}`, type: 'mock_unhandled' } }));
      } catch (err) {
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `LLM mock handler failed: ${String(err)}`, type: 'mock_error' } }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The mock never keeps a process alive on its own (the harness CLI exits when its runs are done).
  server.unref();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    baseURL: `${origin}/v1`,
    unhandled,
    use: (...more) => void (current = [...more, ...current]),
    resetHandlers: (...next) => {
      if (next.length) initial = [...next];
      current = [...initial];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
