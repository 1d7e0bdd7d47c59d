/**
 * The load generator: MCP SDK clients (one session each) issuing calls in closed loops, timing every
 * call. Used against the mock directly and against the navigator, so both sides pay the same client cost.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { isolatingFetch } from './isolating-fetch.js';

export type Call = (client: Client) => Promise<unknown>;

export interface Target {
  url: string;
  headers: Record<string, string>;
}

/** Like a client that never opens the standalone GET stream (the SDK treats 405 as "not offered"). */
const fetchWithoutSse: typeof fetch = (input, init) =>
  init?.method === 'GET' ? Promise.resolve(new Response(null, { status: 405 })) : isolatingFetch(input, init);

export interface ClientOptions {
  /** Open the standalone GET (SSE) stream after initialize, as the SDK client does by default (default true). */
  getStream?: boolean;
}

export async function openClient(target: Target, opts: ClientOptions = {}): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  const f = opts.getStream === false ? fetchWithoutSse : isolatingFetch;
  await client.connect(
    new StreamableHTTPClientTransport(new URL(target.url), { fetch: f, requestInit: { headers: target.headers } }),
  );
  return client;
}

/** Opens `n` sessions, `parallel` at a time (initialize is the expensive part). */
export async function openClients(
  target: Target,
  n: number,
  parallel = 16,
  opts: ClientOptions = {},
): Promise<Client[]> {
  const out: Client[] = [];
  for (let i = 0; i < n; i += parallel) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(parallel, n - i) }, () => openClient(target, opts)))));
  }
  return out;
}

/** Ends the sessions (DELETE) and closes the transports; failures are ignored. */
export async function closeClients(clients: readonly Client[]): Promise<void> {
  await Promise.allSettled(
    clients.map(async (c) => {
      const t = c.transport;
      if (t instanceof StreamableHTTPClientTransport) await t.terminateSession().catch(() => {});
      await c.close();
    }),
  );
}

/** `n` sequential calls on one client; the latency of each in ms. */
export async function sequential(client: Client, call: Call, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call(client);
    out.push(performance.now() - t0);
  }
  return out;
}

export interface LoadResult {
  callsPerSecond: number;
  calls: number;
  /** Every successful call, warm-up included (for per-call CPU). */
  allCalls: number;
  errors: number;
  latencies: number[];
}

/** Every client calls in a closed loop for `durationMs` (after `warmupMs` unmeasured). */
export async function closedLoop(
  clients: readonly Client[],
  call: Call,
  durationMs: number,
  warmupMs = 300,
): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  const latencies: number[] = [];
  let errors = 0;
  let completed = 0;
  let all = 0;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        let ok = true;
        try {
          await call(c);
        } catch {
          errors++;
          ok = false;
        }
        const t1 = performance.now();
        if (ok) all++;
        if (ok && t1 >= measureFrom && t1 <= end) completed++;
        if (ok && t0 >= measureFrom && t1 <= end) latencies.push(t1 - t0);
      }
    }),
  );
  return { callsPerSecond: completed / (durationMs / 1000), calls: completed, allCalls: all, errors, latencies };
}
