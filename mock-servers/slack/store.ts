/**
 * In-memory Slack workspace: seeded channels, messages and DMs, resettable, recording posted messages
 * for test assertions. Lookups are plain array scans: the data is small and fixed-size.
 */
import type { Account, MockStore } from '../shared/types.js';
import {
  CHANNELS,
  CHANNEL_MESSAGES,
  DIRECT_MESSAGES,
  USERS,
  toTs,
  type DirectConversation,
  type SlackChannel,
  type SlackMessage,
  type SlackUser,
} from './seed.js';

export interface PostedMessage extends SlackMessage {
  channel: string;
}

export interface SearchHit extends SlackMessage {
  /** `#channel` or `DM with @handle`. */
  where: string;
}

export class SlackStore implements MockStore {
  readonly channels: readonly SlackChannel[] = CHANNELS;
  private messages = new Map<string, SlackMessage[]>();
  private dms: DirectConversation[] = [];
  private posted: PostedMessage[] = [];
  private seq = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.messages = new Map(CHANNELS.map((c) => [c.name, (CHANNEL_MESSAGES[c.name] ?? []).map((m) => ({ ...m }))]));
    this.dms = DIRECT_MESSAGES.map((d) => ({ between: d.between, messages: d.messages.map((m) => ({ ...m })) }));
    this.posted = [];
    this.seq = 0;
  }

  state(): Record<string, unknown> {
    return { postedMessages: this.posted.map((m) => ({ ...m })) };
  }

  user(handle: string): SlackUser | undefined {
    return USERS.find((u) => u.handle === handle);
  }

  displayName(handle: string): string {
    return this.user(handle)?.name ?? handle;
  }

  /** Accepts `general`, `#general` or a channel id like `C01GENERAL`. */
  findChannel(ref: string): SlackChannel | undefined {
    const key = ref.trim().replace(/^#/, '').toLowerCase();
    return this.channels.find((c) => c.name === key || c.id.toLowerCase() === key);
  }

  channelMessages(name: string): SlackMessage[] {
    return this.messages.get(name) ?? [];
  }

  /** The account's own DMs only; the workspace bot has none. */
  directConversations(account: Account): DirectConversation[] {
    return this.dms.filter((d) => d.between.includes(account));
  }

  post(channel: SlackChannel, account: Account, text: string): PostedMessage {
    const at = new Date().toISOString();
    const message: SlackMessage = { ts: toTs(at, 500 + this.seq++), at, user: account, text };
    this.channelMessages(channel.name).push(message);
    const posted = { ...message, channel: channel.name };
    this.posted.push(posted);
    return posted;
  }

  /** Every word of the query must appear (case-insensitive), in channels or the caller's DMs. */
  search(account: Account, query: string): SearchHit[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const matches = (m: SlackMessage) => {
      const hay = `${m.text} ${m.user} ${this.displayName(m.user)}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    };
    const hits: SearchHit[] = [];
    for (const [name, msgs] of this.messages)
      for (const m of msgs) if (matches(m)) hits.push({ ...m, where: `#${name}` });
    for (const d of this.directConversations(account)) {
      const other = d.between.find((h) => h !== account) ?? account;
      for (const m of d.messages) if (matches(m)) hits.push({ ...m, where: `DM with @${other}` });
    }
    return hits.sort((a, b) => b.at.localeCompare(a.at));
  }
}
