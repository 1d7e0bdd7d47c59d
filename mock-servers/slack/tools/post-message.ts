/** `post_message`: posts to a channel as the signed-in account. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { withScope } from '../../shared/scopes.js';
import { accountOf, errorResult, okResult } from '../../shared/tool-helpers.js';
import { SLACK_TOOL_SCOPES } from '../scopes.js';
import type { MockSite } from '../../shared/types.js';
import { messagePermalink } from '../page.js';
import type { SlackStore } from '../store.js';

export const PostMessageInput = z.object({
  channel: z.string().min(1).max(100).describe('Channel name (e.g. "engineering") or id'),
  text: z.string().min(1).max(4000).describe('Message text'),
});

export function registerPostMessage(server: McpServer, store: SlackStore, site: MockSite): void {
  server.registerTool(
    'post_message',
    {
      title: 'Post message',
      description: 'Post a message to a Slack channel as the signed-in user. Everyone in the channel will see it.',
      inputSchema: PostMessageInput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    withScope(SLACK_TOOL_SCOPES, 'post_message', ({ channel, text }, extra) => {
      const found = store.findChannel(channel);
      if (!found) {
        const names = store.channels.map((c) => `#${c.name}`).join(', ');
        return errorResult(`Channel "${channel}" not found; nothing was posted. Available channels: ${names}.`);
      }
      const posted = store.post(found, accountOf(extra), text);
      return okResult(`Posted to #${found.name} as ${store.displayName(posted.user)} (ts ${posted.ts}).`, {
        ok: true,
        channel: found.name,
        ts: posted.ts,
        user: posted.user,
        text: posted.text,
        // The message on the mock's page, as Slack's chat.getPermalink gives one, so the chat can link to it.
        permalink: messagePermalink(site.baseUrl, found.name, posted.ts),
      });
    }),
  );
}
