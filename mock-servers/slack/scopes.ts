/** Mock Slack's OAuth scopes (named like Slack's user scopes) and the scope each tool needs. */

export const SLACK_SCOPES: Record<string, string> = {
  'channels:read': 'View channels and read their messages',
  'search:read': 'Search messages in channels and your direct messages',
  'im:read': 'Read your direct messages',
  'chat:write': 'Post messages on your behalf',
};

export const SLACK_TOOL_SCOPES = {
  list_channels: 'channels:read',
  read_channel: 'channels:read',
  search_messages: 'search:read',
  read_direct_messages: 'im:read',
  post_message: 'chat:write',
} as const;
