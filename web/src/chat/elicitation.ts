/**
 * URL-mode elicitations in the chat (issue 14): a navigator tool call the navigator answered with
 * `-32042` comes back from the agent as a failed (`isError`) tool result carrying the elicitation
 * (server/shared/elicitation.ts). Such a part becomes a Connect card, the same card as for
 * `get_authentication_link`, but only when its URL is on the navigator's own origin.
 */
import { ELICITATION_META_KEY, ElicitationCard } from '../../../server/shared/elicitation.js';
import type { CardSource } from './tool-parts.js';

/** The elicitation of a failed tool result whose URL is on `navigatorOrigin`; undefined otherwise. */
export function elicitationFromToolOutput(
  output: unknown,
  navigatorOrigin: string | null,
): ElicitationCard | undefined {
  if (navigatorOrigin === null || typeof output !== 'object' || output === null) return undefined;
  const record = output as Record<string, unknown>;
  if (record['isError'] !== true) return undefined;
  const meta = record['_meta'];
  if (typeof meta !== 'object' || meta === null) return undefined;
  const card = ElicitationCard.safeParse((meta as Record<string, unknown>)[ELICITATION_META_KEY]);
  if (!card.success) return undefined;
  try {
    const url = new URL(card.data.url);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== navigatorOrigin) return undefined;
  } catch {
    return undefined;
  }
  return card.data;
}

/** The elicitation Connect card source (see `CARD_SOURCES`): a failed call carrying a URL-mode elicitation. */
export const elicitationCard: CardSource = (call, navigatorOrigin) => {
  const e = elicitationFromToolOutput(call.output, navigatorOrigin);
  return e ? { url: e.url, servers: [] } : undefined;
};
