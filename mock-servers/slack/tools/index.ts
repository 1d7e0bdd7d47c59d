/** Registers every mock Slack tool on an McpServer. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { MockSite } from '../../shared/types.js';
import type { SlackStore } from '../store.js';
import { registerListChannels } from './list-channels.js';
import { registerPostMessage } from './post-message.js';
import { registerReadChannel } from './read-channel.js';
import { registerReadDirectMessages } from './read-direct-messages.js';
import { registerSearchMessages } from './search-messages.js';

export function registerSlackTools(server: McpServer, store: SlackStore, site: MockSite): void {
  registerListChannels(server, store);
  registerReadChannel(server, store);
  registerSearchMessages(server, store);
  registerReadDirectMessages(server, store);
  registerPostMessage(server, store, site);
}
