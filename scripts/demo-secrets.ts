/**
 * Secrets for the local demo: taken from the environment when set, otherwise generated once into
 * `.data/demo-secrets.json` (mode 0600) so credentials and keys survive restarts.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const Secrets = z.object({
  encryptionKey: z.string().regex(/^[0-9a-f]{64}$/),
  instanceApiKey: z.string().min(16),
  adminKey: z.string().min(16),
  sessionSecret: z.string().min(16),
});
export type DemoSecrets = z.infer<typeof Secrets>;

function generate(): DemoSecrets {
  return {
    encryptionKey: randomBytes(32).toString('hex'),
    instanceApiKey: `nav_${randomBytes(18).toString('base64url')}`,
    adminKey: `adm_${randomBytes(18).toString('base64url')}`,
    sessionSecret: randomBytes(32).toString('base64url'),
  };
}

export function loadDemoSecrets(file: string, env: NodeJS.ProcessEnv = process.env): DemoSecrets {
  let stored: DemoSecrets;
  try {
    stored = Secrets.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    stored = generate();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return Secrets.parse({
    encryptionKey: env.NAVIGATOR_ENCRYPTION_KEY ?? stored.encryptionKey,
    instanceApiKey: env.NAVIGATOR_API_KEY ?? stored.instanceApiKey,
    adminKey: env.NAVIGATOR_ADMIN_KEY ?? stored.adminKey,
    sessionSecret: env.SESSION_SECRET ?? stored.sessionSecret,
  });
}
