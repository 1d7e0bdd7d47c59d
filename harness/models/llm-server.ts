/**
 * The harness's scripted LLM server: one kit LLM mock per process standing in for OpenAI-compatible
 * endpoints (see kit/llm-mock.ts for why it is served, not intercepted). Each registration gets its
 * own path (`http://127.0.0.1:<port>/scripted-<n>/v1`), so parallel scenarios never share a script;
 * a path nobody registered answers 404.
 */
import { http, HttpResponse } from 'msw';
import { startLlmMock, type LlmMock } from '../../kit/llm-mock.js';

export type LlmHandler = (request: Request) => Promise<Response>;

const routes = new Map<string, LlmHandler>();
let mock: Promise<LlmMock> | undefined;
let counter = 0;

function ensureMock(): Promise<LlmMock> {
  mock ??= startLlmMock(
    http.all('*/:host/v1/*', ({ request, params }) => {
      const host = String(params.host);
      const handler = routes.get(host);
      if (!handler)
        return HttpResponse.json(
          { error: { message: `no scripted model is registered for ${host}` } },
          { status: 404 },
        );
      return handler(request);
    }),
  );
  return mock;
}

/** Registers a handler under a fresh path; returns the provider baseURL and a dispose function. */
export async function registerLlmHost(
  kind: string,
  handler: LlmHandler,
): Promise<{ baseURL: string; dispose: () => void }> {
  const { url } = await ensureMock();
  const host = `${kind}-${++counter}`;
  routes.set(host, handler);
  return { baseURL: `${url}/${host}/v1`, dispose: () => void routes.delete(host) };
}

/** Stops the server (CLI exit, end of a test file), unless a host is still registered by its owner. */
export async function stopLlmServer(): Promise<void> {
  if (routes.size > 0 || !mock) return;
  const running = mock;
  mock = undefined;
  await (await running).close();
}
