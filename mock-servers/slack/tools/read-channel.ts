/** `read_channel`: the latest messages of one channel, oldest first. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { withScope } from '../../shared/scopes.js';
import { errorResult, okResult, READ_ONLY_ANNOTATIONS } from '../../shared/tool-helpers.js';
import { SLACK_TOOL_SCOPES } from '../scopes.js';
import type { SlackStore } from '../store.js';
import { DEFAULT_LIMIT, formatMessage, limitInput, messageData } from './format.js';

export const ReadChannelInput = z.object({
  channel: z.string().min(1).max(100).describe('Channel name (e.g. "general" or "#general") or id'),
  limit: limitInput(`How many of the latest messages (default ${DEFAULT_LIMIT})`),
});

export function registerReadChannel(server: McpServer, store: SlackStore): void {
  server.registerTool(
    'read_channel',
    {
      title: 'Read channel',
      description: 'Read the most recent messages of a Slack channel, oldest first, with author and time.',
      inputSchema: ReadChannelInput,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    withScope(SLACK_TOOL_SCOPES, 'read_channel', ({ channel, limit }) => {
      const found = store.findChannel(channel);
      if (!found) {
        const names = store.channels.map((c) => `#${c.name}`).join(', ');
        return errorResult(
          `Channel "${channel}" not found. Available channels: ${names}. Use list_channels to see them.`,
        );
      }
      const all = store.channelMessages(found.name);
      const messages = all.slice(-(limit ?? DEFAULT_LIMIT));
      const lines = messages.map((m) => formatMessage(store, m));
      return okResult(`#${found.name} - ${found.topic}\n${lines.join('\n') || '(no messages)'}`, {
        channel: { id: found.id, name: found.name, topic: found.topic },
        messages: messages.map((m) => messageData(store, m)),
        has_more: all.length > messages.length,
      });
    }),
  );
}
