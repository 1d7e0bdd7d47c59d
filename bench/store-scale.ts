/**
 * tools/list and get_authentication_link through the navigator with a big store (10,000 users,
 * 20 user-level servers, expired credentials spread over them), next to the same calls on the small
 * demo store. Sessions belong to random store users plus alice (who has Slack connected, so her
 * get_authentication_link also verifies that credential with one downstream ping).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AUTH_TOOL_NAME } from '../server/shared/contracts.js';
import { closeClients, openClient } from './mcp-load.js';
import type { BenchNavigator } from './nav-stack.js';
import { summarize } from './stats.js';
import type { LatencySummary } from './stats.js';

export interface StoreScaleResult {
  toolsList: LatencySummary;
  authLink: LatencySummary;
  /** Navigator CPU µs per call (robust when other work shares the machine). */
  cpuUs: { toolsList: number; authLink: number };
  sessions: number;
}

export async function measureListAndAuth(
  nav: BenchNavigator,
  users: readonly string[],
  callsPerKind: number,
  warmup = 30,
): Promise<StoreScaleResult> {
  const clients: Client[] = [];
  try {
    for (const u of users) clients.push(await openClient(nav.target(u)));
    const kinds = {
      toolsList: (c: Client) => c.listTools(),
      authLink: async (c: Client) => {
        const r = await c.callTool({ name: AUTH_TOOL_NAME, arguments: {} });
        if (r.isError) throw new Error(`${AUTH_TOOL_NAME} failed: ${JSON.stringify(r.content).slice(0, 200)}`);
      },
    };
    const out = { toolsList: [] as number[], authLink: [] as number[] };
    const cpuUs = { toolsList: 0, authLink: 0 };
    for (const kind of ['toolsList', 'authLink'] as const) {
      for (let i = 0; i < warmup; i++) await kinds[kind](clients[i % clients.length]!);
      const cpu0 = await nav.child.call<number>('cpu');
      for (let i = 0; i < callsPerKind; i++) {
        const c = clients[i % clients.length]!;
        const t0 = performance.now();
        await kinds[kind](c);
        out[kind].push(performance.now() - t0);
      }
      cpuUs[kind] = ((await nav.child.call<number>('cpu')) - cpu0) / callsPerKind;
    }
    return { toolsList: summarize(out.toolsList), authLink: summarize(out.authLink), cpuUs, sessions: clients.length };
  } finally {
    await closeClients(clients);
  }
}

/** `n` distinct pseudo-random user ids among u00001..u{users}. */
export function sampleUsers(users: number, n: number, seed = 7): string[] {
  const out = new Set<string>();
  let x = seed;
  while (out.size < Math.min(n, users)) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out.add(`u${String((x % users) + 1).padStart(5, '0')}`);
  }
  return [...out];
}
