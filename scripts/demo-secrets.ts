/**
 * Secrets for the local demo: taken from the environment when set, otherwise generated once into
 * `.data/demo-secrets.json` (mode 0600) so credentials and keys survive restarts. A bad value from
 * the environment stops the start with one line naming the variable and its rule.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** Each secret, the environment variable that overrides it and the rule it must meet. */
const RULES = {
  encryptionKey: {
    env: 'NAVIGATOR_ENCRYPTION_KEY',
    schema: z.string().regex(/^[0-9a-fA-F]{64}$/),
    rule: 'must be 64 hex characters (32 bytes, e.g. `openssl rand -hex 32`)',
  },
  instanceApiKey: { env: 'NAVIGATOR_API_KEY', schema: z.string().min(16), rule: 'must be at least 16 characters' },
  adminKey: { env: 'NAVIGATOR_ADMIN_KEY', schema: z.string().min(16), rule: 'must be at least 16 characters' },
  sessionSecret: { env: 'SESSION_SECRET', schema: z.string().min(16), rule: 'must be at least 16 characters' },
} as const;

type Name = keyof typeof RULES;
export type DemoSecrets = Record<Name, string>;
const NAMES = Object.keys(RULES) as Name[];

/** A configuration error meant to be printed as it is: one line naming the variable and the rule. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function generate(): DemoSecrets {
  return {
    encryptionKey: randomBytes(32).toString('hex'),
    instanceApiKey: `nav_${randomBytes(18).toString('base64url')}`,
    adminKey: `adm_${randomBytes(18).toString('base64url')}`,
    sessionSecret: randomBytes(32).toString('base64url'),
  };
}

function readStored(file: string): DemoSecrets | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return NAMES.every((n) => RULES[n].schema.safeParse(data[n]).success) ? (data as DemoSecrets) : undefined;
  } catch {
    return undefined;
  }
}

export function loadDemoSecrets(file: string, env: NodeJS.ProcessEnv = process.env): DemoSecrets {
  // Checked first, so a bad value is reported before anything is written.
  for (const n of NAMES) {
    const value = env[RULES[n].env];
    if (value !== undefined && !RULES[n].schema.safeParse(value).success) {
      throw new ConfigError(`${RULES[n].env} ${RULES[n].rule} (it has ${value.length}).`);
    }
  }
  let stored = readStored(file);
  if (!stored) {
    stored = generate();
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  // Files written by older versions (or copied in) are tightened too.
  chmodSync(file, 0o600);
  const out = {} as DemoSecrets;
  for (const n of NAMES) out[n] = env[RULES[n].env] ?? stored[n];
  return out;
}
