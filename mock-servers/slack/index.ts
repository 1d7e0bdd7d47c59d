/**
 * The mock Slack service: a Slack-like MCP server that is also its own OAuth 2.1 authorization server.
 * `createSlackServer` builds the Express app (for a known public URL); `startSlackServer` binds it.
 */
import { defineMockService } from '../shared/mock-service.js';
import { SlackStore } from './store.js';
import { SLACK_SCOPES as scopes, SLACK_TOOL_SCOPES as toolScopes } from './scopes.js';
import { registerSlackTools as registerTools } from './tools/index.js';
import { slackPage as page } from './page.js';

export { SlackStore } from './store.js';
export { SLACK_SCOPES, SLACK_TOOL_SCOPES } from './scopes.js';

const createStore = () => new SlackStore();
const parts = { scopes, toolScopes, createStore, registerTools, page };
export const slackMock = defineMockService(import.meta.url, { service: 'slack', tokenPrefix: 'xoxm', ...parts });
export const { definition: slackService, create: createSlackServer, start: startSlackServer } = slackMock;
