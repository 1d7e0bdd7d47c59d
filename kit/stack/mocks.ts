/**
 * The stack's mock services: Slack- and Linear-like MCP servers that are their own OAuth servers,
 * each on a free port with its admin knobs on (/admin/state, /admin/faults, token expiry), or mocks
 * already running elsewhere that the stack only points at.
 */
import type { Clock } from '../../server/shared/clock.js';
import { startLinearServer } from '../../mock-servers/linear/index.js';
import type { FaultSettings } from '../../mock-servers/shared/faults.js';
import { startSlackServer } from '../../mock-servers/slack/index.js';
import type { AuthLevel } from '../../server/shared/contracts.js';

export type SlackHandle = Awaited<ReturnType<typeof startSlackServer>>;
export type LinearHandle = Awaited<ReturnType<typeof startLinearServer>>;
export type MockKind = 'slack' | 'linear';

export interface MockSpec {
  /** The server's name in the navigator (and the key in `stack.mocks`). */
  name: string;
  kind: MockKind;
  /** The mock's own protection: 'oauth' (default) or 'none' (every call acts as `workspace`). */
  auth?: 'oauth' | 'none';
  /** Auth level the navigator is seeded with (default 'none' for an unprotected mock, else 'user'). */
  authLevel?: AuthLevel;
  /** Default 'Slack' / 'Linear', or 'Slack (name)' when the name is not the kind. */
  displayName?: string;
}

/** One mock of a stack: its base URL, and its handle when it runs in this process. */
export interface StackMock {
  spec: MockSpec;
  url: string;
  handle?: SlackHandle | LinearHandle;
}

export const DEMO_MOCKS: readonly MockSpec[] = [
  { name: 'slack', kind: 'slack' },
  { name: 'linear', kind: 'linear' },
];

export function displayNameOf(spec: MockSpec): string {
  if (spec.displayName) return spec.displayName;
  const base = spec.kind === 'slack' ? 'Slack' : 'Linear';
  return spec.name === spec.kind ? base : `${base} (${spec.name})`;
}

export function authLevelOf(spec: MockSpec, override?: AuthLevel): AuthLevel {
  return override ?? spec.authLevel ?? (spec.auth === 'none' ? 'none' : 'user');
}

export async function startMock(
  spec: MockSpec,
  opts: { tokenLifetimeSeconds?: number; clock?: Clock; log: (line: string) => void },
): Promise<StackMock> {
  const mockOpts = {
    admin: true,
    auth: spec.auth ?? 'oauth',
    log: opts.log,
    ...(opts.tokenLifetimeSeconds !== undefined ? { tokenLifetimeSeconds: opts.tokenLifetimeSeconds } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  };
  const handle = spec.kind === 'slack' ? await startSlackServer(mockOpts) : await startLinearServer(mockOpts);
  return { spec, url: handle.url, handle };
}

/** A mock admin call (`/admin/state`, `/admin/faults`, ...); throws unless it answers 2xx. */
export async function mockAdmin(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${base}${path} answered HTTP ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Fault injection at start: the same knob as `PUT /admin/faults` on the mock. */
export function setFaults(base: string, faults: FaultSettings): Promise<unknown> {
  return mockAdmin(base, 'PUT', '/admin/faults', faults);
}
