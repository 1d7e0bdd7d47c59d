/**
 * Mock Slack's read-only page: every channel with its messages, oldest first, each message with an
 * anchor (`#m-<channel>-<ts>`, see `messagePermalink`). Direct messages are private and not shown.
 */
import { anchorId, type DataPage, type DataSection } from '../shared/data-page.js';
import type { SlackChannel, SlackMessage } from './seed.js';
import type { SlackStore } from './store.js';

/** The page anchor of a channel message. */
export function messageAnchor(channel: string, ts: string): string {
  return anchorId(`m-${channel}-${ts}`);
}

/** Where a channel message is shown on the mock's page (a link the chat can open). */
export function messagePermalink(baseUrl: string, channel: string, ts: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#${messageAnchor(channel, ts)}`;
}

function Message({ store, channel, message }: { store: SlackStore; channel: string; message: SlackMessage }) {
  const name = store.displayName(message.user);
  return (
    <article className="msg" id={messageAnchor(channel, message.ts)}>
      <div className="avatar" aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </div>
      <div>
        <span className="who">{name}</span>
        <time className="when" dateTime={message.at}>
          {message.at.slice(0, 16).replace('T', ' ')}
        </time>
        <div className="text">{message.text}</div>
      </div>
    </article>
  );
}

function channelSection(store: SlackStore, channel: SlackChannel): DataSection {
  const msgs = [...store.channelMessages(channel.name)].sort((a, b) => a.at.localeCompare(b.at));
  return {
    id: anchorId(`channel-${channel.name}`),
    label: `# ${channel.name}`,
    count: msgs.length,
    sub: `${channel.topic} · ${channel.members} members · ${msgs.length} messages`,
    content:
      msgs.length > 0 ? (
        msgs.map((m) => <Message key={m.ts} store={store} channel={channel.name} message={m} />)
      ) : (
        <p className="empty">No messages yet.</p>
      ),
  };
}

export function slackPage(store: SlackStore): DataPage {
  return { title: 'Channels', sections: store.channels.map((c) => channelSection(store, c)) };
}
