/**
 * The mock Slack service: a Slack-like MCP server that is also its own OAuth 2.1 authorization server.
 * `createSlackServer` builds the Express app (for a known public URL); `startSlackServer` binds it.
 */
import { createMockApp, startMockServer, type MockApp, type MockAppOptions } from '../shared/mock-app.js';
import type { MockServerHandle, MockServerOptions, MockServiceDefinition } from '../shared/types.js';
import { SlackStore } from './store.js';
import { SLACK_SCOPES, SLACK_TOOL_SCOPES } from './scopes.js';
import { registerSlackTools } from './tools/index.js';
import { slackPage } from './page.js';

export { SlackStore } from './store.js';
export { SLACK_SCOPES, SLACK_TOOL_SCOPES };

export const slackService: MockServiceDefinition<SlackStore> = {
  service: 'slack',
  tokenPrefix: 'xoxm',
  scopes: SLACK_SCOPES,
  toolScopes: SLACK_TOOL_SCOPES,
  theme: {
    productName: 'Slack (mock)',
    logo: '# slack  ·  Acme workspace',
    background: '#f8f8f8',
    card: '#ffffff',
    text: '#1d1c1d',
    accent: '#007a5a',
    accentText: '#ffffff',
    muted: '#616061',
    border: '#dddddd',
    headerBackground: '#4a154b',
  },
  createStore: () => new SlackStore(),
  registerTools: registerSlackTools,
  page: slackPage,
};

export function createSlackServer(opts: MockAppOptions): MockApp<SlackStore> {
  return createMockApp(slackService, opts);
}

export function startSlackServer(
  opts: MockServerOptions = {},
): Promise<MockServerHandle<SlackStore> & Omit<MockApp<SlackStore>, 'app' | 'close'>> {
  return startMockServer(slackService, opts);
}
