/**
 * Seed data of the mock Slack workspace "Acme" (`seed.yaml`): channels, people and a few dozen
 * messages, plus direct messages that differ per account (alice's DMs are not bob's; the workspace bot
 * has none). Validated at load; each message gets a Slack-style `ts` from its time and position.
 */
import { z } from 'zod';
import { loadDataFile } from '../shared/data-file.js';

const SlackUser = z.object({ handle: z.string(), name: z.string(), title: z.string() });
const SlackChannel = z.object({ id: z.string(), name: z.string(), topic: z.string(), members: z.number().int() });
const SeedMessage = z.object({
  /** ISO time, UTC. */
  at: z.iso.datetime(),
  user: z.string(),
  text: z.string(),
});
const SlackSeed = z.object({
  users: z.array(SlackUser),
  channels: z.array(SlackChannel),
  channel_messages: z.record(z.string(), z.array(SeedMessage)),
  direct_messages: z.array(
    z.object({
      /** The two handles, sorted. */
      between: z.tuple([z.string(), z.string()]),
      messages: z.array(SeedMessage),
    }),
  ),
});

export type SlackUser = z.infer<typeof SlackUser>;
export type SlackChannel = z.infer<typeof SlackChannel>;
export type SlackMessage = z.infer<typeof SeedMessage> & { ts: string };
export interface DirectConversation {
  between: [string, string];
  messages: SlackMessage[];
}

/** Slack-style `ts` from an ISO time, with a sequence to keep it unique. */
export function toTs(iso: string, seq = 0): string {
  return `${Math.floor(Date.parse(iso) / 1000)}.${String(100 + seq).padStart(6, '0')}`;
}

const withTs = (list: z.infer<typeof SeedMessage>[]): SlackMessage[] =>
  list.map((m, i) => ({ ts: toTs(m.at, i), ...m }));

const seed = loadDataFile(new URL('./seed.yaml', import.meta.url), SlackSeed);

export const USERS: SlackUser[] = seed.users;
export const CHANNELS: SlackChannel[] = seed.channels;
export const CHANNEL_MESSAGES: Record<string, SlackMessage[]> = Object.fromEntries(
  Object.entries(seed.channel_messages).map(([channel, list]) => [channel, withTs(list)]),
);
export const DIRECT_MESSAGES: DirectConversation[] = seed.direct_messages.map((d) => ({
  between: [...d.between].sort() as [string, string],
  messages: withTs(d.messages),
}));
