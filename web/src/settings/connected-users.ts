/**
 * How many users' connections removing a server revokes, for the confirmation before Remove. The
 * navigator says it (`connected_users` in the project's servers); a navigator that does not is
 * asked for each known account's status instead, through the admin pass-through.
 */
import { DEMO_ADMIN, DEMO_USERS } from '../../../server/shared/contracts.js';
import { getUserStatus, type ProjectServer } from '../api.js';

/** The count, or null when it cannot be known. */
export async function connectedUsersOf(server: ProjectServer): Promise<number | null> {
  if (server.connected_users !== undefined) return server.connected_users;
  if (server.auth_level !== 'user') return 0;
  const states = await Promise.all(
    [...DEMO_USERS, DEMO_ADMIN].map((u) =>
      getUserStatus(u)
        .then((s) => s.servers.find((x) => x.name === server.name)?.state)
        .catch(() => undefined),
    ),
  );
  if (states.every((s) => s === undefined)) return null;
  return states.filter((s) => s === 'connected' || s === 'expired').length;
}

/** "1 user's connection", "3 users' connections". */
export function connectionsPhrase(n: number): string {
  return n === 1 ? "1 user's connection" : `${n} users' connections`;
}
