/**
 * The demo project as the tests and the bench seed it: Slack and Linear (user-level unless told
 * otherwise) in front of the given mocks, one instance `demo` with its API key, and users whose
 * password is their id (alice, bob, carol unless told otherwise).
 */
import type { SeedConfig } from '../../../server/navigator/config.js';
import type { AuthLevel } from '../../../server/shared/contracts.js';

/** scrypt N of the seeded users in test stacks: sign-in is verified for real, at a fraction of the production cost. */
export const TEST_PASSWORD_HASH_COST = 1024;

export interface DemoSeedOptions {
  slackUrl: string;
  linearUrl: string;
  apiKey: string;
  /** In-Chat Authentication on the `demo` instance (default true). */
  inChatAuth?: boolean;
  authLevels?: { slack?: AuthLevel; linear?: AuthLevel };
  users?: readonly string[];
  /** Project and instance names (default 'Demo project', 'Demo assistant'). */
  projectName?: string;
  instanceName?: string;
}

export function demoSeed(o: DemoSeedOptions): SeedConfig {
  return {
    project: { id: 'demo', name: o.projectName ?? 'Demo project' },
    servers: [
      { name: 'slack', display_name: 'Slack', mcp_url: `${o.slackUrl}/mcp`, auth_level: o.authLevels?.slack ?? 'user' },
      {
        name: 'linear',
        display_name: 'Linear',
        mcp_url: `${o.linearUrl}/mcp`,
        auth_level: o.authLevels?.linear ?? 'user',
      },
    ],
    instances: [
      { id: 'demo', name: o.instanceName ?? 'Demo assistant', api_key: o.apiKey, in_chat_auth: o.inChatAuth ?? true },
    ],
    users: (o.users ?? ['alice', 'bob', 'carol']).map((id) => ({ id, password: id })),
  };
}
