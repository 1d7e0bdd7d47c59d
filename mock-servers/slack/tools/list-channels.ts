/** `list_channels`: the workspace's public channels with topic and size. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { withScope } from '../../shared/scopes.js';
import { okResult, READ_ONLY_ANNOTATIONS } from '../../shared/tool-helpers.js';
import { SLACK_TOOL_SCOPES } from '../scopes.js';
import type { SlackStore } from '../store.js';

export const ListChannelsInput = z.object({});

export function registerListChannels(server: McpServer, store: SlackStore): void {
  server.registerTool(
    'list_channels',
    {
      title: 'List channels',
      description: 'List the public channels of the Slack workspace with their topic, member count and message count.',
      inputSchema: ListChannelsInput,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    withScope(SLACK_TOOL_SCOPES, 'list_channels', () => {
      const channels = store.channels.map((c) => ({ ...c, messages: store.channelMessages(c.name).length }));
      const text = channels
        .map((c) => `#${c.name} (${c.id}): ${c.topic} - ${c.members} members, ${c.messages} messages`)
        .join('\n');
      return okResult(`${channels.length} channels:\n${text}`, { channels });
    }),
  );
}
