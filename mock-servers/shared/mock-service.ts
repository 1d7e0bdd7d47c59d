/**
 * One builder for a mock service: from its definition (store, tools, scopes, page) and the folder its
 * `theme.yaml` sits in, the app factory (`create`, for a known public URL), the binder (`start`, free
 * port by default) and the run-alone entry of its `main.ts`.
 */
import { loadDataFile } from './data-file.js';
import { createMockApp, startMockServer, type MockApp, type MockAppOptions } from './mock-app.js';
import {
  ServiceTheme,
  type MockServerHandle,
  type MockServerOptions,
  type MockServiceDefinition,
  type MockStore,
} from './types.js';

export type StartedMock<S extends MockStore> = MockServerHandle<S> & Omit<MockApp<S>, 'app' | 'close'>;

export interface MockService<S extends MockStore> {
  definition: MockServiceDefinition<S>;
  create: (opts: MockAppOptions) => MockApp<S>;
  start: (opts?: MockServerOptions) => Promise<StartedMock<S>>;
}

/** A mock service; its page theme is read from `theme.yaml` in `folder` (a module's `import.meta.url`). */
export function defineMockService<S extends MockStore>(
  folder: string,
  definition: Omit<MockServiceDefinition<S>, 'theme'>,
): MockService<S> {
  const full: MockServiceDefinition<S> = {
    ...definition,
    theme: loadDataFile(new URL('./theme.yaml', folder), ServiceTheme),
  };
  return {
    definition: full,
    create: (opts) => createMockApp(full, opts),
    start: (opts = {}) => startMockServer(full, opts),
  };
}

/**
 * Runs a mock alone (its `main.ts`): the port from `portVariable` (else `defaultPort`), admin endpoints
 * on, log lines prefixed with the service name, a clean stop on SIGINT and SIGTERM.
 */
export async function runMockAlone<S extends MockStore>(
  mock: MockService<S>,
  portVariable: string,
  defaultPort: number,
): Promise<void> {
  const name = mock.definition.service;
  const server = await mock.start({
    port: Number(process.env[portVariable] ?? defaultPort),
    admin: true,
    log: (l) => console.log(`[${name}] ${l}`),
  });
  console.log(`mock ${name} listening on ${server.url} (MCP at ${server.url}/mcp)`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
