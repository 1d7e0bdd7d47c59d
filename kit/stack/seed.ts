/**
 * What a stack's navigator is seeded with: one project (`demo` unless told otherwise) holding a server
 * per mock, one instance with its API key, and users whose password is their id. Also the cheap
 * password hashes the harness signs its users in with.
 */
import type { SeedConfig } from '../../server/navigator/config.js';
import type { AuthLevel } from '../../server/shared/contracts.js';

export const DEFAULT_USERS = ['alice', 'bob', 'carol'] as const;

export interface SeedServer {
  name: string;
  displayName: string;
  /** The mock's base URL (the server's MCP endpoint is `{url}/mcp`). */
  url: string;
  authLevel: AuthLevel;
}

export interface SeedOptions {
  servers: readonly SeedServer[];
  apiKey: string;
  projectId?: string;
  /** Default 'Demo project'. */
  projectName?: string;
  instanceId?: string;
  /** Default 'Demo assistant'. */
  instanceName?: string;
  /** In-Chat Authentication on the instance (default true). */
  inChatAuth?: boolean;
  /** Users seeded with a production-cost hash of password = id; `[]` seeds none. */
  users?: readonly string[];
}

export function stackSeed(o: SeedOptions): SeedConfig {
  return {
    project: { id: o.projectId ?? 'demo', name: o.projectName ?? 'Demo project' },
    servers: o.servers.map((s) => ({
      name: s.name,
      display_name: s.displayName,
      mcp_url: `${s.url}/mcp`,
      auth_level: s.authLevel,
    })),
    instances: [
      {
        id: o.instanceId ?? 'demo',
        name: o.instanceName ?? 'Demo assistant',
        api_key: o.apiKey,
        in_chat_auth: o.inChatAuth ?? true,
      },
    ],
    users: (o.users ?? DEFAULT_USERS).map((id) => ({ id, password: id })),
  };
}

/**
 * The scrypt N of a test stack's users (the navigator's passwordHashCost): verifyPassword reads N from
 * the hash, so sign-in is still verified for real, without the production cost (N=16384, ~35 ms of CPU
 * per hash and per sign-in), which was a third of a harness scenario's time.
 */
export const CHEAP_SCRYPT_N = 1024;
