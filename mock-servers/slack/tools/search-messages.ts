/** `search_messages`: full-text search over channels and the caller's own DMs. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { withScope } from '../../shared/scopes.js';
import { accountOf, okResult, READ_ONLY_ANNOTATIONS } from '../../shared/tool-helpers.js';
import { SLACK_TOOL_SCOPES } from '../scopes.js';
import type { SlackStore } from '../store.js';
import { DEFAULT_LIMIT, formatMessage, limitInput, messageData } from './format.js';

export const SearchMessagesInput = z.object({
  query: z.string().min(1).max(200).describe('Words that must all appear in the message (case-insensitive)'),
  limit: limitInput(`Maximum results, newest first (default ${DEFAULT_LIMIT})`),
});

export function registerSearchMessages(server: McpServer, store: SlackStore): void {
  server.registerTool(
    'search_messages',
    {
      title: 'Search messages',
      description: 'Search Slack messages in all public channels and in your own direct messages. Newest first.',
      inputSchema: SearchMessagesInput,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    withScope(SLACK_TOOL_SCOPES, 'search_messages', ({ query, limit }, extra) => {
      const all = store.search(accountOf(extra), query);
      const hits = all.slice(0, limit ?? DEFAULT_LIMIT);
      const text = hits.length
        ? `${all.length} message(s) match "${query}":\n${hits.map((h) => formatMessage(store, h, h.where)).join('\n')}`
        : `No messages match "${query}".`;
      return okResult(text, {
        query,
        total: all.length,
        matches: hits.map((h) => ({ ...messageData(store, h), where: h.where })),
      });
    }),
  );
}
