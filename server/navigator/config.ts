/**
 * Navigator configuration and the seed (demo project) format. The seed file is YAML with
 * `${VAR}` / `${VAR:-default}` replaced from the environment before parsing.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Clock } from '../shared/clock.js';
import { AuthLevel, UserId } from '../shared/contracts.js';
import { SERVER_NAME_PATTERN } from '../shared/tool-names.js';
import type { SignInLimits } from './auth/web-session.js';

export const SeedConfig = z.object({
  project: z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(120) }),
  servers: z
    .array(
      z.object({
        name: z.string().regex(SERVER_NAME_PATTERN),
        display_name: z.string().min(1),
        mcp_url: z.string().url(),
        auth_level: AuthLevel,
      }),
    )
    .default([]),
  instances: z
    .array(
      z.object({
        id: z.string().min(1).max(64),
        name: z.string().min(1),
        api_key: z.string().nullish(),
        in_chat_auth: z.boolean().default(false),
      }),
    )
    .default([]),
  users: z
    .array(z.object({ id: UserId, display_name: z.string().optional(), password: z.string().min(1) }))
    .default([]),
});
export type SeedConfig = z.input<typeof SeedConfig>;

export interface NavigatorConfig {
  port?: number;
  host?: string;
  /** Base URL users and downstream servers reach the navigator at; defaults to the bound URL. */
  publicUrl?: string;
  /** SQLite file, or ':memory:'; default `.data/navigator.db`. */
  dbPath?: string;
  /** 32 bytes as 64 hex characters; encrypts credentials at rest and signs cookies. */
  encryptionKey: string;
  /** Bearer key of the settings API. */
  adminKey: string;
  /** Applied only when the database is empty (first start). */
  seed?: SeedConfig;
  /** Time limit for each downstream MCP request (default 30000). */
  downstreamTimeoutMs?: number;
  /** MCP sessions idle this long are closed (default 30 minutes). */
  sessionIdleMs?: number;
  /**
   * Hosts (`host` or `host:port`) the navigator may reach for MCP URLs and OAuth (discovery,
   * registration, tokens, revocation); empty or absent = any http(s) host. `NAVIGATOR_OUTBOUND_HOSTS`.
   */
  outboundHosts?: readonly string[];
  /** Sign-in rate limits of the guided flow (per user, per client address, LRU size). */
  signInLimits?: SignInLimits;
  /** Open MCP sessions allowed per instance key (default 1500); past it initialize gets 429. */
  maxSessionsPerKey?: number;
  /** Open MCP sessions allowed per end user, over all instances (default 400); past it initialize gets 429. */
  maxSessionsPerUser?: number;
  /**
   * Serve established sessions' tools/call and tools/list on the lane before Express (default true).
   * false sends every request through Express and the SDK transport (lane-differential.test.ts).
   */
  fastLane?: boolean;
  /**
   * scrypt cost (N) of the seeded users' password hashes (default 16384). Sign-in reads N from the
   * stored hash; test stacks lower it so each start and sign-in does not pay ~50 ms of CPU per hash.
   */
  passwordHashCost?: number;
  /** Source of time for session idling and the status check's verification budget (default the system clock). */
  clock?: Clock;
  log?: (line: string) => void;
}

/** Replaces `${VAR}` and `${VAR:-default}` with values from `env`. */
export function expandEnv(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    /\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g,
    (_m, name: string, fallback: string | undefined) => env[name] || fallback || '',
  );
}

/** Reads and validates a seed file such as config/demo-project.yaml. */
export function loadSeedFile(
  path: string,
  env: Record<string, string | undefined> = process.env,
): z.output<typeof SeedConfig> {
  const data: unknown = parseYaml(expandEnv(readFileSync(path, 'utf8'), env));
  const r = SeedConfig.safeParse(data);
  if (!r.success)
    throw new Error(
      `invalid seed file ${path}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

/**
 * The MCP session caps from `NAVIGATOR_MAX_SESSIONS_PER_KEY` and `NAVIGATOR_MAX_SESSIONS_PER_USER`
 * (unset = the navigator's defaults). A bad value stops the start with one line naming the variable.
 */
export function sessionCapsFromEnv(
  env: Record<string, string | undefined>,
): Pick<NavigatorConfig, 'maxSessionsPerKey' | 'maxSessionsPerUser'> {
  const read = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    if (!/^[1-9]\d{0,6}$/.test(v))
      throw new Error(`${name} must be a whole number from 1 to 9999999, got '${v.slice(0, 20)}'`);
    return Number(v);
  };
  const perKey = read('NAVIGATOR_MAX_SESSIONS_PER_KEY');
  const perUser = read('NAVIGATOR_MAX_SESSIONS_PER_USER');
  return { ...(perKey ? { maxSessionsPerKey: perKey } : {}), ...(perUser ? { maxSessionsPerUser: perUser } : {}) };
}
