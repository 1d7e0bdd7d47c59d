/**
 * The mock Linear service: a Linear-like MCP server that is also its own OAuth 2.1 authorization server.
 * `createLinearServer` builds the Express app (for a known public URL); `startLinearServer` binds it.
 */
import { createMockApp, startMockServer, type MockApp, type MockAppOptions } from '../shared/mock-app.js';
import type { MockServerHandle, MockServerOptions, MockServiceDefinition } from '../shared/types.js';
import { LinearStore } from './store.js';
import { LINEAR_SCOPES, LINEAR_TOOL_SCOPES } from './scopes.js';
import { registerLinearTools } from './tools/index.js';
import { linearPage } from './page.js';

export { LinearStore } from './store.js';
export { LINEAR_SCOPES, LINEAR_TOOL_SCOPES };

export const linearService: MockServiceDefinition<LinearStore> = {
  service: 'linear',
  tokenPrefix: 'lin_mock',
  scopes: LINEAR_SCOPES,
  toolScopes: LINEAR_TOOL_SCOPES,
  theme: {
    productName: 'Linear (mock)',
    logo: '◐ Linear  ·  Acme',
    background: '#0f0f14',
    card: '#1b1b22',
    text: '#e8e8ee',
    accent: '#5e6ad2',
    accentText: '#ffffff',
    muted: '#9a9aa8',
    border: '#2e2e3a',
    headerBackground: '#15151c',
  },
  createStore: () => new LinearStore(),
  registerTools: registerLinearTools,
  page: linearPage,
};

export function createLinearServer(opts: MockAppOptions): MockApp<LinearStore> {
  return createMockApp(linearService, opts);
}

export function startLinearServer(
  opts: MockServerOptions = {},
): Promise<MockServerHandle<LinearStore> & Omit<MockApp<LinearStore>, 'app' | 'close'>> {
  return startMockServer(linearService, opts);
}
