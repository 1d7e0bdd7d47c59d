/**
 * Mock Slack's read-only page: every channel with its messages, oldest first, each message with an
 * anchor (`#m-<channel>-<ts>`, see `messagePermalink`). Direct messages are private and not shown.
 */
import { escapeHtml } from '../../server/shared/text.js';
import { anchorId, type DataPage } from '../shared/data-page.js';
import type { SlackStore } from './store.js';

/** The page anchor of a channel message. */
export function messageAnchor(channel: string, ts: string): string {
  return anchorId(`m-${channel}-${ts}`);
}

/** Where a channel message is shown on the mock's page (a link the chat can open). */
export function messagePermalink(baseUrl: string, channel: string, ts: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#${messageAnchor(channel, ts)}`;
}

export function slackPage(store: SlackStore): DataPage {
  const sections = store.channels.map((c) => {
    const msgs = [...store.channelMessages(c.name)].sort((a, b) => a.at.localeCompare(b.at));
    const items = msgs
      .map((m) => {
        const name = store.displayName(m.user);
        return `<article class="msg" id="${messageAnchor(c.name, m.ts)}"><div class="avatar" aria-hidden="true">${escapeHtml(name.slice(0, 1).toUpperCase())}</div><div><span class="who">${escapeHtml(name)}</span><time class="when" datetime="${escapeHtml(m.at)}">${escapeHtml(m.at.slice(0, 16).replace('T', ' '))}</time><div class="text">${escapeHtml(m.text)}</div></div></article>`;
      })
      .join('');
    return `<section id="${anchorId(`channel-${c.name}`)}" aria-labelledby="${anchorId(`h-${c.name}`)}"><h2 id="${anchorId(`h-${c.name}`)}"># ${escapeHtml(c.name)}</h2><p class="sub">${escapeHtml(c.topic)} · ${c.members} members · ${msgs.length} messages</p>${items || '<p class="empty">No messages yet.</p>'}</section>`;
  });
  return {
    title: 'Channels',
    nav: store.channels.map((c) => ({
      href: `#${anchorId(`channel-${c.name}`)}`,
      label: `# ${c.name}`,
      hint: String(store.channelMessages(c.name).length),
    })),
    body: sections.join(''),
  };
}
