/**
 * URL-mode elicitations in the chat (issue 14): a navigator tool call the navigator answered with
 * `-32042` comes back from the agent as a failed (`isError`) tool result carrying the elicitation
 * (server/shared/elicitation.ts). Such a part becomes a Connect card, the same card as for
 * `get_authentication_link`, but only when its URL is on the navigator's own origin.
 */
import { useEffect, useState } from 'react';
import { ELICITATION_META_KEY, ElicitationCard } from '../../../server/shared/elicitation.js';

/** The elicitation of a failed tool result whose URL is on `navigatorOrigin`; undefined otherwise. */
export function elicitationFromToolOutput(output: unknown, navigatorOrigin: string | null): ElicitationCard | undefined {
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

let originRequest: Promise<string | null> | undefined;

/** The navigator's origin as the agent knows it (fetched once per page); null until known or when unavailable. */
export function useNavigatorOrigin(): string | null {
  const [origin, setOrigin] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    originRequest ??= fetch('/api/navigator-origin', { credentials: 'same-origin' })
      .then(async (res) => {
        const body = (await res.json()) as { origin?: unknown };
        return res.ok && typeof body.origin === 'string' ? body.origin : null;
      })
      .catch(() => null)
      .then((o) => {
        if (o === null) originRequest = undefined; // try again on a later render
        return o;
      });
    void originRequest.then((o) => {
      if (live) setOrigin(o);
    });
    return () => {
      live = false;
    };
  }, []);
  return origin;
}
