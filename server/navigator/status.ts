/**
 * The user's authentication status for a project, as `get_authentication_link` and the status API
 * report it (B2-B5, B10, B15, B16). Pure: takes the servers and the user's credential states.
 */
import type { AuthLinkResult, ServerStatus } from '../shared/contracts.js';
import { joinNames } from '../shared/text.js';
import type { CredentialStatus, ServerRecord } from './store/store.js';

export interface StatusInput {
  servers: readonly Pick<ServerRecord, 'id' | 'name' | 'displayName' | 'authLevel'>[];
  /** Credential status per server id for this user. */
  credentials: ReadonlyMap<number, CredentialStatus>;
  /** The project's default link, when In-Chat Authentication made one and it is active. */
  authLink?: string;
}

/** Where a user stands with a user-level server, from their credential's state: the one mapping. */
export type UserServerState = 'connected' | 'expired' | 'needs_connecting';
export function userServerState(credential: CredentialStatus | undefined): UserServerState {
  return credential === 'valid' ? 'connected' : credential === 'invalid' ? 'expired' : 'needs_connecting';
}

export function computeAuthStatus(input: StatusInput): AuthLinkResult {
  const servers: ServerStatus[] = input.servers.map((s) => {
    const base = { name: s.name, display_name: s.displayName, auth_level: s.authLevel };
    if (s.authLevel === 'project') return { ...base, state: 'project' };
    if (s.authLevel === 'none') return { ...base, state: 'no_auth' };
    return { ...base, state: userServerState(input.credentials.get(s.id)) };
  });
  const userLevel = servers.filter((s) => s.auth_level === 'user');
  if (userLevel.length === 0) {
    return {
      status: 'no_auth_required',
      unauthenticated_servers: [],
      servers,
      message: 'No authentication is required: this project has no servers that need a personal sign-in.',
    };
  }
  const missing = userLevel.filter((s) => s.state !== 'connected');
  if (missing.length === 0) {
    return {
      status: 'fully_authenticated',
      unauthenticated_servers: [],
      servers,
      message: `The user is connected to every server that needs a personal sign-in: ${joinNames(userLevel.map((s) => s.display_name))}.`,
    };
  }
  const connected = userLevel.filter((s) => s.state === 'connected');
  const missingNames = joinNames(missing.map((s) => s.display_name));
  const expired = missing.filter((s) => s.state === 'expired');
  const parts = [
    connected.length > 0 ? `Connected: ${joinNames(connected.map((s) => s.display_name))}.` : '',
    `The user still needs to connect ${missingNames}` +
      (expired.length > 0 ? ` (the ${joinNames(expired.map((s) => s.display_name))} connection expired)` : '') +
      '.',
    input.authLink
      ? `Share this link so they can authenticate: ${input.authLink}`
      : 'In-Chat Authentication is off, so no link is available.',
  ];
  return {
    status: 'authentication_needed',
    ...(input.authLink ? { auth_link: input.authLink } : {}),
    unauthenticated_servers: missing.map((s) => s.name),
    servers,
    message: parts.filter(Boolean).join(' '),
  };
}
