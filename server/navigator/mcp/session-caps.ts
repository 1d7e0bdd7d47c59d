/**
 * Caps on open MCP sessions per instance key and per end user (issue 11): a key holder cannot open
 * sessions without end. Counted over every open session, also those still initializing, so a burst
 * of parallel initializes cannot pass the cap.
 */

export interface SessionCaps {
  perKey: number;
  perUser: number;
}

export const DEFAULT_SESSION_CAPS: SessionCaps = { perKey: 1_500, perUser: 400 };

/** Why another session for this key or user would be one too many; undefined when it is allowed. */
export function capRefusal(
  open: Iterable<{ keyHash: Buffer; userId: string }>,
  keyHash: Buffer,
  userId: string,
  caps: SessionCaps,
): string | undefined {
  let byKey = 0;
  let byUser = 0;
  for (const s of open) {
    if (s.keyHash.equals(keyHash)) byKey++;
    if (s.userId === userId) byUser++;
  }
  const hint = 'End unused sessions with DELETE or wait for idle ones to expire.';
  if (byKey >= caps.perKey) return `Too many open MCP sessions for this instance key (limit ${caps.perKey}). ${hint}`;
  if (byUser >= caps.perUser) return `Too many open MCP sessions for user '${userId}' (limit ${caps.perUser}). ${hint}`;
  return undefined;
}
