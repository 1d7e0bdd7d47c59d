/** `read_direct_messages`: the signed-in account's own DMs, optionally with one person. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { withScope } from '../../shared/scopes.js';
import { accountOf, errorResult, okResult, READ_ONLY_ANNOTATIONS } from '../../shared/tool-helpers.js';
import { SLACK_TOOL_SCOPES } from '../scopes.js';
import type { SlackStore } from '../store.js';
import { DEFAULT_LIMIT, formatMessage, limitInput, messageData } from './format.js';

export const ReadDirectMessagesInput = z.object({
  with: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Only the conversation with this person (handle like "bob" or "@bob")'),
  limit: limitInput(`Latest messages per conversation (default ${DEFAULT_LIMIT})`),
});

export function registerReadDirectMessages(server: McpServer, store: SlackStore): void {
  server.registerTool(
    'read_direct_messages',
    {
      title: 'Read direct messages',
      description:
        "Read the signed-in user's direct message conversations (only their own), optionally with one person.",
      inputSchema: ReadDirectMessagesInput,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    withScope(SLACK_TOOL_SCOPES, 'read_direct_messages', ({ with: other, limit }, extra) => {
      const account = accountOf(extra);
      if (account === 'workspace') {
        return okResult('The workspace bot account has no direct messages.', { account, conversations: [] });
      }
      const handle = other?.trim().replace(/^@/, '').toLowerCase();
      if (handle !== undefined && !store.user(handle)) {
        return errorResult(
          `No user "${other}" in this workspace. Known handles: alice, bob, carol, dana, evan, priya.`,
        );
      }
      const conversations = store
        .directConversations(account)
        .map((d) => ({
          with: d.between.find((h) => h !== account) ?? account,
          messages: d.messages.slice(-(limit ?? DEFAULT_LIMIT)),
        }))
        .filter((c) => handle === undefined || c.with === handle);
      const text = conversations.length
        ? conversations
            .map(
              (c) =>
                `DM with ${store.displayName(c.with)} (@${c.with}):\n${c.messages.map((m) => formatMessage(store, m)).join('\n')}`,
            )
            .join('\n\n')
        : handle
          ? `You have no direct messages with @${handle}.`
          : 'You have no direct messages.';
      return okResult(text, {
        account,
        conversations: conversations.map((c) => ({
          with: c.with,
          messages: c.messages.map((m) => messageData(store, m)),
        })),
      });
    }),
  );
}
