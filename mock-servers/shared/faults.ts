/**
 * Fault knobs for tests, applied to /mcp only: added latency, a fraction of tool calls failing with a
 * 500 JSON-RPC error, or the whole endpoint down (503). Set through PUT /admin/faults.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { systemClock, type Clock } from '../../server/shared/clock.js';

export const FaultSettings = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    errorRate: z.number().min(0).max(1).optional(),
    down: z.boolean().optional(),
  })
  .strict();
export type FaultSettings = z.infer<typeof FaultSettings>;

export class Faults {
  latencyMs = 0;
  errorRate = 0;
  down = false;

  set(s: FaultSettings): void {
    if (s.latencyMs !== undefined) this.latencyMs = s.latencyMs;
    if (s.errorRate !== undefined) this.errorRate = s.errorRate;
    if (s.down !== undefined) this.down = s.down;
  }

  clear(): void {
    this.latencyMs = 0;
    this.errorRate = 0;
    this.down = false;
  }

  snapshot(): Required<FaultSettings> {
    return { latencyMs: this.latencyMs, errorRate: this.errorRate, down: this.down };
  }
}

/** Before auth: a down server answers nothing else, and latency is felt by every request. */
export function downAndLatency(faults: Faults, clock: Clock = systemClock): RequestHandler {
  return (_req, res, next) => {
    if (faults.down) {
      res.status(503).json({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: 'Service unavailable (injected fault: down)' },
      });
      return;
    }
    if (faults.latencyMs > 0) clock.after(faults.latencyMs, next);
    else next();
  };
}

function isToolCall(body: unknown): { id: unknown } | undefined {
  const msgs: unknown[] = Array.isArray(body) ? body : [body];
  for (const m of msgs) {
    if (typeof m === 'object' && m !== null && 'method' in m && m.method === 'tools/call') {
      return { id: 'id' in m ? m.id : null };
    }
  }
  return undefined;
}

/** After body parsing: fails the configured fraction of `tools/call` requests. */
export function injectedErrors(faults: Faults): RequestHandler {
  return (req, res, next) => {
    const call = faults.errorRate > 0 ? isToolCall(req.body) : undefined;
    if (call && Math.random() < faults.errorRate) {
      res.status(500).json({
        jsonrpc: '2.0',
        id: call.id ?? null,
        error: { code: -32603, message: 'Internal error (injected fault: errorRate)' },
      });
      return;
    }
    next();
  };
}
