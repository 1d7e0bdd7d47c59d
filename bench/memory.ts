/**
 * Navigator memory with many idle MCP sessions: a navigator of its own (child process), a baseline
 * after warm-up and a full GC, then `n` sessions opened (initialize + tools/list, then left idle, each
 * SDK client keeping its standalone GET stream open as real clients do, unless `getStream: false`)
 * and measured again.
 */
import type { MemorySample } from './child-common.js';
import { closeClients, openClients } from './mcp-load.js';
import type { ClientOptions } from './mcp-load.js';
import type { BenchNavigator } from './nav-stack.js';

export interface MemoryResult {
  sessions: number;
  openMs: number;
  before: MemorySample;
  after: MemorySample;
}

const USERS = ['alice', 'bob', 'carol'];

export async function measureIdleSessions(
  nav: BenchNavigator,
  n: number,
  progress: (line: string) => void,
  opts: ClientOptions = {},
): Promise<MemoryResult> {
  const warm = await openClients(nav.target('alice'), 20);
  await Promise.all(warm.map((c) => c.listTools()));
  await closeClients(warm);
  const before = await nav.child.call<MemorySample>('memory');
  const t0 = performance.now();
  const clients = [];
  const per = Math.ceil(n / USERS.length);
  for (const [i, u] of USERS.entries()) {
    progress(
      `memory: opening sessions ${i * per + 1}-${Math.min(n, (i + 1) * per)} of ${n}${opts.getStream === false ? ' (no GET stream)' : ''}`,
    );
    clients.push(...(await openClients(nav.target(u), Math.min(per, n - i * per), 25, opts)));
  }
  for (let i = 0; i < clients.length; i += 50) await Promise.all(clients.slice(i, i + 50).map((c) => c.listTools()));
  const openMs = performance.now() - t0;
  const sessions = await nav.child.call<number>('sessions');
  const after = await nav.child.call<MemorySample>('memory');
  await closeClients(clients);
  return { sessions, openMs, before, after };
}
