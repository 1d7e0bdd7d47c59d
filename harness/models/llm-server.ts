/**
 * One msw server per process standing in for OpenAI-compatible endpoints. Each scenario run gets
 * its own host (`http://scripted-<n>.openai.test/v1`), so parallel scenarios never share a script.
 * Loopback traffic (the stack's own HTTP) passes through; any other unhandled host is an error, so
 * no scripted or replayed run reaches the network.
 */
import { http, HttpResponse } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';

export type LlmHandler = (request: Request) => Promise<Response>;

const routes = new Map<string, LlmHandler>();
let server: SetupServer | undefined;
let counter = 0;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function ensureServer(): void {
  if (server) return;
  const created = setupServer(
    http.all('http://*.openai.test/*', async ({ request }) => {
      const handler = routes.get(new URL(request.url).host);
      if (!handler) return HttpResponse.json({ error: { message: `no scripted model is registered for ${new URL(request.url).host}` } }, { status: 404 });
      return handler(request);
    }),
  );
  created.listen({
    onUnhandledRequest(request, print) {
      if (LOOPBACK.has(new URL(request.url).hostname)) return;
      print.error();
    },
  });
  server = created;
}

/** Registers a handler under a fresh host; returns the provider baseURL and a dispose function. */
export function registerLlmHost(kind: string, handler: LlmHandler): { baseURL: string; dispose(): void } {
  ensureServer();
  const host = `${kind}-${++counter}.openai.test`;
  routes.set(host, handler);
  return { baseURL: `http://${host}/v1`, dispose: () => void routes.delete(host) };
}

/** Stops intercepting (CLI exit, end of a test file). */
export function stopLlmServer(): void {
  server?.close();
  server = undefined;
}

export function sse(body: string): Response {
  return new HttpResponse(body, { status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
}
