/**
 * What `startStack` can start and how: which parts run, the mocks, the seed, the database, where the
 * services live (this process or a child), fault injection, and per-part config overrides.
 */
import type { Clock } from '../../server/shared/clock.js';
import type { FaultSettings } from '../../mock-servers/shared/faults.js';
import type { AgentConfig } from '../../server/agent/config.js';
import type { NavigatorConfig } from '../../server/navigator/config.js';
import type { AuthLevel } from '../../server/shared/contracts.js';
import type { LinearHandle, MockSpec, SlackHandle } from './mocks.js';

/** The parts in start order; a stack runs every part up to the one asked for. */
export const PARTS = ['mocks', 'navigator', 'agent', 'web'] as const;
export type Part = (typeof PARTS)[number];

/** A connection made at start through the real guided flow (user) or the settings API (shared). */
export type Connection = { user: string; servers: string[]; account?: string } | { shared: string; account?: string };

export interface StackOptions {
  /**
   * The last part that runs: 'mocks' (mock services only), 'navigator' (+ the navigator, the default),
   * 'agent' (+ the agent server), 'web' (+ the built web app served by the agent, for browser tests).
   */
  parts?: Part;
  /**
   * The mock services: specs to start (default: `slack` and `linear`), running demo mocks to reuse
   * (not closed by the stack), or URLs of mocks running elsewhere (e.g. another process).
   */
  mocks?:
    readonly MockSpec[] | { slack: SlackHandle; linear: LinearHandle } | { urls: { slack: string; linear: string } };
  /** Mock access-token lifetime (default 3600). */
  tokenLifetimeSeconds?: number;
  /** The mocks' clock (token lifetimes, injected latency); default the system clock. The navigator's is `navigator.clock`. */
  mockClock?: Clock;
  /** Faults set on mocks at start, by mock name (the same knob as `PUT /admin/faults`). */
  faults?: Record<string, FaultSettings>;
  /** Project and instance ids and names (default `demo`, 'Demo project', `demo`, 'Demo assistant'). */
  project?: { id?: string; name?: string };
  instance?: { id?: string; name?: string };
  /** In-Chat Authentication on the instance (default true). */
  inChatAuth?: boolean;
  /** Auth level per server name, over each mock's own (default user). */
  authLevels?: Partial<Record<string, AuthLevel>>;
  /** Navigator users, password = id (default alice, bob, carol). */
  users?: readonly string[];
  /** Connections made before startStack returns. */
  connections?: readonly Connection[];
  /** The navigator's database: 'memory' (default) or a file in the stack's temp dir; `dbPath` names a file. */
  db?: 'memory' | 'temp-dir';
  dbPath?: string;
  encryptionKey?: string;
  apiKey?: string;
  adminKey?: string;
  /** Default 5000. */
  downstreamTimeoutMs?: number;
  sessionIdleMs?: number;
  /**
   * 'child-process' runs the mocks and the navigator in a child process (their CPU and memory apart from
   * the test's, as the bench needs). The navigator's and mocks' handles are then not available, only their URLs.
   */
  isolation?: 'in-process' | 'child-process';
  /** Navigator config over the stack's. */
  navigator?: Partial<NavigatorConfig>;
  /** Agent server config over the stack's. */
  agent?: Partial<AgentConfig>;
}

/** Options that cross to a child process as JSON (no functions, no handles). */
export type ChildStackOptions = Omit<StackOptions, 'mocks' | 'navigator' | 'agent' | 'isolation' | 'parts'> & {
  mocks?: readonly MockSpec[];
  navigator?: Omit<Partial<NavigatorConfig>, 'log'>;
};

export function runs(options: StackOptions, part: Part): boolean {
  return PARTS.indexOf(options.parts ?? 'navigator') >= PARTS.indexOf(part);
}
