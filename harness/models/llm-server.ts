/**
 * One msw server per process standing in for OpenAI-compatible endpoints. Each scenario run gets
 * its own host (`http://scripted-<n>.openai.test/v1`), so parallel scenarios never share a script.
 * Loopback traffic (the stack's own HTTP) passes through; any other unhandled host is an error, so
 * no scripted or replayed run reaches the network.
 *
 * Only msw's fetch interceptor is installed (the model providers speak fetch): msw's default Node
 * setup also wraps every node:http request in a mock socket, which cost the navigator's keep-alive
 * downstream calls to the mocks about a fifth of a scenario's CPU time for nothing.
 */
import { FetchInterceptor } from '@mswjs/interceptors/fetch';
import { http, HttpResponse } from 'msw';
import { SetupServerApi, type SetupServer } from 'msw/node';

export type LlmHandler = (request: Request) => Promise<Response>;

const routes = new Map<string, LlmHandler>();
let server: SetupServer | undefined;
let counter = 0;
let unpatched: typeof fetch | undefined;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function isLoopback(input: Parameters<typeof fetch>[0]): boolean {
  const url = input instanceof Request ? input.url : String(input);
  return URL.canParse(url) && LOOPBACK.has(new URL(url).hostname);
}

function ensureServer(): void {
  if (server) return;
  const original = globalThis.fetch;
  const created = new SetupServerApi(
    [
      http.all('http://*.openai.test/*', async ({ request }) => {
        const handler = routes.get(new URL(request.url).host);
        if (!handler)
          return HttpResponse.json(
            { error: { message: `no scripted model is registered for ${new URL(request.url).host}` } },
            { status: 404 },
          );
        return handler(request);
      }),
    ],
    [new FetchInterceptor()],
  );
  created.listen({
    onUnhandledRequest(request, print) {
      if (LOOPBACK.has(new URL(request.url).hostname)) return;
      print.error();
    },
  });
  // msw 2.15 bug: cancelling the body of a passed-through response never settles, and the MCP SDK
  // cancels every 202 body, which hangs the navigator's downstream sessions. The stack's own
  // loopback traffic therefore skips msw's interceptor entirely; every other host still goes through it.
  const intercepted = globalThis.fetch;
  globalThis.fetch = (input, init) => (isLoopback(input) ? original(input, init) : intercepted(input, init));
  unpatched = original;
  server = created;
}

/** Registers a handler under a fresh host; returns the provider baseURL and a dispose function. */
export function registerLlmHost(kind: string, handler: LlmHandler): { baseURL: string; dispose: () => void } {
  ensureServer();
  const host = `${kind}-${++counter}.openai.test`;
  routes.set(host, handler);
  return { baseURL: `http://${host}/v1`, dispose: () => void routes.delete(host) };
}

/** Stops intercepting (CLI exit, end of a test file), unless a host is still registered by its owner. */
export function stopLlmServer(): void {
  if (routes.size > 0) return;
  if (unpatched) globalThis.fetch = unpatched;
  server?.close();
  server = undefined;
  unpatched = undefined;
}

export function sse(body: string): Response {
  return new HttpResponse(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
  });
}
