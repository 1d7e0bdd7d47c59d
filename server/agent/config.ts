/**
 * The agent server's configuration: one typed object, with defaults filled in by `withDefaults`,
 * and `agentConfigFromEnv` for the entry file (MODEL, OPENAI_API_KEY, OPENAI_BASE_URL, ...).
 */
import type { LanguageModel } from 'ai';
import { join } from 'node:path';
import type { Clock } from '../shared/clock.js';
import { DEMO_ADMIN, DEMO_USERS } from '../shared/contracts.js';
import type { SignInLimits } from './sign-in-limiter.js';

export interface AgentConfig {
  port?: number;
  host?: string;
  /** Base URL of the navigator, without a trailing slash. */
  navigatorUrl: string;
  /** Navigator instance whose MCP endpoint the agent uses. Default 'demo'. */
  instanceId?: string;
  /** Project of that instance (for the status and settings API). Default 'demo'. */
  projectId?: string;
  /** Bearer key of the navigator instance (MCP endpoint). */
  navigatorApiKey: string;
  /** Admin key of the navigator's settings API. */
  navigatorAdminKey: string;
  /** Model used when a chat request names none: 'demo' or 'openai:<model>'. Default 'demo'. */
  defaultModel?: string;
  /** Extra model names offered in the page's model picker (e.g. 'openai:gpt-4o-mini'). */
  models?: string[];
  openai?: { apiKey?: string; baseURL?: string };
  /** Where conversation transcripts (JSON lines) go. Default '.data/transcripts'. */
  transcriptsDir?: string;
  /** The stored conversations (SQLite, 0600). Default `{transcriptsDir}/conversations.db`; ':memory:' keeps none. */
  conversationsDbPath?: string;
  /** Conversations one user can keep; a new one past it is refused with 429. Default 200. */
  maxConversationsPerUser?: number;
  /** The web app's Vite build; served with an SPA fallback when it holds an index.html. */
  webDistDir?: string;
  /** Secret that signs the session cookie. */
  sessionSecret: string;
  /** Sign-in accounts: id → password. Default: alice, bob, carol and admin with password = id. */
  users?: Record<string, string>;
  /** Accounts with the admin role (settings API, instances, keys). Default ['admin']. */
  admins?: string[];
  /** The navigator's origin as browsers see it (auth links); default `navigatorUrl`. Connect cards only for links there. */
  navigatorPublicUrl?: string;
  /** Sign-in limiter settings (per address and user, per address, window, bound). */
  signInLimits?: SignInLimits;
  /** A conversation's navigator MCP session closes after this much idle time. Default 30 min. */
  conversationIdleMs?: number;
  /** Upper bound for one navigator tool call, so a stuck server never hangs a chat. Default 60 s. */
  toolTimeoutMs?: number;
  /** Retries of a failed model call (the AI SDK's maxRetries). Default 2. */
  modelMaxRetries?: number;
  /** The system prompt file; re-read when it changes. Default server/agent/prompts/system.md. */
  systemPromptPath?: string;
  /** Replaces the built-in model resolver (demo, openai:<model>); for the harness and tests. */
  resolveModel?: (name: string) => LanguageModel;
  /** Pause between the demo model's streamed chunks. Default 8 ms. */
  demoChunkDelayMs?: number;
  /** Source of time for conversation idling, chat sign-in sessions and the demo model's pauses (default the system clock). */
  clock?: Clock;
  log?: (line: string) => void;
}

export type ResolvedAgentConfig = Required<
  Omit<AgentConfig, 'webDistDir' | 'resolveModel' | 'port' | 'host' | 'signInLimits' | 'clock'>
> &
  Pick<AgentConfig, 'webDistDir' | 'resolveModel' | 'port' | 'host' | 'signInLimits' | 'clock'>;

export const DEFAULT_SYSTEM_PROMPT_PATH = new URL('./prompts/system.md', import.meta.url).pathname;

export function withDefaults(config: AgentConfig): ResolvedAgentConfig {
  return {
    ...config,
    navigatorUrl: config.navigatorUrl.replace(/\/+$/, ''),
    instanceId: config.instanceId ?? 'demo',
    projectId: config.projectId ?? 'demo',
    defaultModel: config.defaultModel ?? 'demo',
    models: config.models ?? [],
    openai: config.openai ?? {},
    transcriptsDir: config.transcriptsDir ?? '.data/transcripts',
    conversationsDbPath:
      config.conversationsDbPath ?? join(config.transcriptsDir ?? '.data/transcripts', 'conversations.db'),
    maxConversationsPerUser: config.maxConversationsPerUser ?? 200,
    users: config.users ?? Object.fromEntries([...DEMO_USERS, DEMO_ADMIN].map((u) => [u, u])),
    admins: config.admins ?? [DEMO_ADMIN],
    navigatorPublicUrl: (config.navigatorPublicUrl ?? config.navigatorUrl).replace(/\/+$/, ''),
    conversationIdleMs: config.conversationIdleMs ?? 30 * 60_000,
    toolTimeoutMs: config.toolTimeoutMs ?? 60_000,
    modelMaxRetries: config.modelMaxRetries ?? 2,
    systemPromptPath: config.systemPromptPath ?? DEFAULT_SYSTEM_PROMPT_PATH,
    demoChunkDelayMs: config.demoChunkDelayMs ?? 8,
    log: config.log ?? ((line) => console.log(`[agent] ${line}`)),
  };
}

/**
 * Reads the env: PORT, HOST, NAVIGATOR_URL, NAVIGATOR_INSTANCE, NAVIGATOR_PROJECT, NAVIGATOR_API_KEY,
 * NAVIGATOR_ADMIN_KEY, NAVIGATOR_PUBLIC_URL, SESSION_SECRET, MODEL, MODELS (comma-separated), OPENAI_API_KEY,
 * OPENAI_BASE_URL, TRANSCRIPTS_DIR, CONVERSATIONS_DB, MAX_CONVERSATIONS_PER_USER, WEB_DIST_DIR. Throws a plain message when a required one is missing.
 */
export function agentConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new Error(`${name} is not set`);
    return v;
  };
  const positiveInt = (name: string): number | undefined => {
    const v = env[name];
    if (!v) return undefined;
    if (!/^[1-9]\d{0,6}$/.test(v))
      throw new Error(`${name} must be a whole number from 1 to 9999999, got '${v.slice(0, 20)}'`);
    return Number(v);
  };
  return {
    port: env.PORT ? Number(env.PORT) : 3000,
    host: env.HOST ?? '127.0.0.1',
    navigatorUrl: env.NAVIGATOR_URL ?? 'http://localhost:3100',
    navigatorPublicUrl: env.NAVIGATOR_PUBLIC_URL || undefined,
    instanceId: env.NAVIGATOR_INSTANCE ?? 'demo',
    projectId: env.NAVIGATOR_PROJECT ?? 'demo',
    navigatorApiKey: need('NAVIGATOR_API_KEY'),
    navigatorAdminKey: need('NAVIGATOR_ADMIN_KEY'),
    sessionSecret: need('SESSION_SECRET'),
    defaultModel: env.MODEL ?? 'demo',
    models: (env.MODELS ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m.length > 0),
    openai: { apiKey: env.OPENAI_API_KEY || undefined, baseURL: env.OPENAI_BASE_URL || undefined },
    transcriptsDir: env.TRANSCRIPTS_DIR ?? '.data/transcripts',
    conversationsDbPath: env.CONVERSATIONS_DB || undefined,
    maxConversationsPerUser: positiveInt('MAX_CONVERSATIONS_PER_USER'),
    webDistDir: env.WEB_DIST_DIR ?? 'dist',
  };
}
