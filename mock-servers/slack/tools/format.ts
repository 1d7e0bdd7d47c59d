/** Text rendering of Slack messages and the `limit` input shared by the read tools. */
import { z } from 'zod';
import { shortTime } from '../../shared/tool-helpers.js';
import type { SlackMessage } from '../seed.js';
import type { SlackStore } from '../store.js';

export function formatMessage(store: SlackStore, m: SlackMessage, where?: string): string {
  const prefix = where ? `${where} ` : '';
  return `${prefix}[${shortTime(m.at)}] ${store.displayName(m.user)} (@${m.user}): ${m.text}`;
}

/** Structured form of a message: what a client may want to cite or sort by. */
export function messageData(store: SlackStore, m: SlackMessage): Record<string, string> {
  return { ts: m.ts, at: m.at, user: m.user, user_name: store.displayName(m.user), text: m.text };
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** The optional `limit` input of a read tool, described for what it limits. */
export function limitInput(description: string) {
  return z.number().int().min(1).max(MAX_LIMIT).optional().describe(description);
}
