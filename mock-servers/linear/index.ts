/**
 * The mock Linear service: a Linear-like MCP server that is also its own OAuth 2.1 authorization server.
 * `createLinearServer` builds the Express app (for a known public URL); `startLinearServer` binds it.
 */
import { defineMockService } from '../shared/mock-service.js';
import { LinearStore } from './store.js';
import { LINEAR_SCOPES as scopes, LINEAR_TOOL_SCOPES as toolScopes } from './scopes.js';
import { registerLinearTools as registerTools } from './tools/index.js';
import { linearPage as page } from './page.js';

export { LinearStore } from './store.js';
export { LINEAR_SCOPES, LINEAR_TOOL_SCOPES } from './scopes.js';

const createStore = () => new LinearStore();
const parts = { scopes, toolScopes, createStore, registerTools, page };
export const linearMock = defineMockService(import.meta.url, { service: 'linear', tokenPrefix: 'lin_mock', ...parts });
export const { definition: linearService, create: createLinearServer, start: startLinearServer } = linearMock;
