/**
 * The records the navigator's store hands out (and takes in): projects' servers and instances, users,
 * tokens and credentials. Plain data; the tables in this folder map them to and from SQLite rows.
 */
import type { AuthLevel } from '../../shared/contracts.js';

/** Owner id of a project-level (shared) credential; user ids cannot start with '@'. */
export const PROJECT_OWNER = '@project';

export interface OAuthSettings {
  /** RFC 8414 issuer, checked at discovery; absent in settings stored by older navigators. */
  issuer?: string;
  /** The server advertises RFC 9207 `iss` on authorization responses: the callback must carry it. */
  iss_parameter_supported?: boolean;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint?: string;
  client_id: string;
  client_secret?: string;
  token_endpoint_auth_method: string;
  redirect_uri: string;
  resource?: string;
  scope?: string;
}
export interface ServerRecord {
  id: number;
  projectId: string;
  name: string;
  displayName: string;
  mcpUrl: string;
  authLevel: AuthLevel;
  oauth?: OAuthSettings;
}
export interface InstanceRecord {
  id: string;
  projectId: string;
  name: string;
  apiKeyHash: Buffer;
  inChatAuth: boolean;
  /** Answer calls to unconnected user-level servers with URL-mode elicitation (-32042) for clients that declared it. */
  elicitation: boolean;
  /** Send `notifications/tools/list_changed` and list the servers usable now when the user's connections change. */
  liveToolList: boolean;
}
export interface UserRecord {
  id: string;
  displayName: string;
  passwordHash: string;
}
export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms; undefined when the server gave no lifetime. */
  expiresAt?: number;
}
export type CredentialStatus = 'valid' | 'invalid';
export interface Credential extends Tokens {
  status: CredentialStatus;
  updatedAt: number;
}
/** A credential row without its secret (the test seam lists these). */
export interface CredentialRowInfo {
  owner: string;
  serverId: number;
  status: CredentialStatus;
  updatedAt: number;
}
