/**
 * First-start seeding: applies a SeedConfig to an empty database in one transaction. Servers get
 * their OAuth client lazily (on first connect), so the downstream servers need not be up yet.
 */
import { hashPassword, randomToken } from '../crypto.js';
import { SeedConfig } from '../config.js';
import type { NavigatorStore } from './store.js';

/**
 * Returns the API key of each seeded instance (generated when the seed gives none); {} when not empty.
 * `passwordHashCost` is the scrypt N of the users' hashes (default: hashPassword's).
 */
export async function applySeed(
  store: NavigatorStore,
  input: SeedConfig,
  passwordHashCost?: number,
): Promise<Record<string, string>> {
  if (!store.isEmpty()) return {};
  const seed = SeedConfig.parse(input);
  const users = await Promise.all(
    seed.users.map(async (u) => ({ ...u, hash: await hashPassword(u.password, passwordHashCost) })),
  );
  const keys: Record<string, string> = {};
  store.transaction(() => {
    store.createProject(seed.project.id, seed.project.name);
    for (const s of seed.servers)
      store.addServer(seed.project.id, {
        name: s.name,
        displayName: s.display_name,
        mcpUrl: s.mcp_url,
        authLevel: s.auth_level,
      });
    const hasUserLevel = seed.servers.some((s) => s.auth_level === 'user');
    for (const i of seed.instances) {
      const key = i.api_key || `nav_${randomToken(24)}`;
      keys[i.id] = key;
      const enabled = i.in_chat_auth && hasUserLevel;
      store.createInstance(seed.project.id, i.id, i.name, key, enabled);
      if (enabled) store.ensureAuthLink(seed.project.id);
    }
    for (const u of users) store.createUser(u.id, u.display_name ?? u.id, u.hash);
  });
  return keys;
}
