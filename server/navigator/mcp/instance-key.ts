/** The instance key of an MCP request (`Authorization: Bearer <key>`), and its hash as sessions keep it. */
import { hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h && /^Bearer /i.test(h) ? h.slice(7).trim() : undefined;
}

/** sha256 of an instance key in one call (the same digest as crypto.ts's sha256, without a Hash object per request). */
export function keyHashOf(key: string): Buffer {
  return hash('sha256', key, 'buffer');
}
