/**
 * `tsx server/navigator/main.ts`: runs the navigator alone with the demo project seed.
 * Env: NAVIGATOR_PORT, NAVIGATOR_PUBLIC_URL, NAVIGATOR_DB, NAVIGATOR_ENCRYPTION_KEY, NAVIGATOR_ADMIN_KEY,
 * NAVIGATOR_API_KEY, SLACK_MCP_URL, LINEAR_MCP_URL, NAVIGATOR_SEED (seed file path), NAVIGATOR_OUTBOUND_HOSTS,
 * NAVIGATOR_MAX_SESSIONS_PER_KEY, NAVIGATOR_MAX_SESSIONS_PER_USER.
 */
import { randomBytes } from 'node:crypto';
import { startNavigator } from './app.js';
import { loadSeedFile, sessionCapsFromEnv } from './config.js';
import { parseHostList } from './oauth/outbound.js';

const env = process.env;
const encryptionKey = env.NAVIGATOR_ENCRYPTION_KEY ?? '';
if (!encryptionKey) {
  console.error(
    'Set NAVIGATOR_ENCRYPTION_KEY to 64 hex characters (e.g. `openssl rand -hex 32`); it protects stored credentials.',
  );
  process.exit(1);
}
for (const name of ['NAVIGATOR_ADMIN_KEY', 'NAVIGATOR_API_KEY'] as const) {
  const value = env[name];
  if (value !== undefined && value.length < 16) {
    console.error(`${name} must be at least 16 characters (it has ${value.length}).`);
    process.exit(1);
  }
}
let sessionCaps: ReturnType<typeof sessionCapsFromEnv>;
try {
  sessionCaps = sessionCapsFromEnv(env);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
const adminKey = env.NAVIGATOR_ADMIN_KEY ?? randomBytes(18).toString('base64url');
const nav = await startNavigator({
  port: Number(env.NAVIGATOR_PORT ?? 3100),
  host: env.NAVIGATOR_HOST ?? '127.0.0.1',
  publicUrl: env.NAVIGATOR_PUBLIC_URL ?? `http://localhost:${env.NAVIGATOR_PORT ?? 3100}`,
  dbPath: env.NAVIGATOR_DB ?? '.data/navigator.db',
  encryptionKey,
  adminKey,
  seed: loadSeedFile(env.NAVIGATOR_SEED ?? 'config/demo-project.yaml'),
  outboundHosts: parseHostList(env.NAVIGATOR_OUTBOUND_HOSTS),
  ...sessionCaps,
  log: (line) => console.log(`[navigator] ${line}`),
});
console.log(`navigator ${nav.publicUrl}  (MCP: ${nav.publicUrl}/mcp/demo)`);
if (!env.NAVIGATOR_ADMIN_KEY) console.log(`admin key: ${adminKey}`);
for (const [id, key] of Object.entries(nav.seededApiKeys)) console.log(`instance ${id} API key: ${key}`);
const stop = () => void nav.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
