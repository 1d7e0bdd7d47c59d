/**
 * The only way the navigator's OAuth client reaches the network. An admin chooses the MCP URL, and the
 * metadata behind it chooses every further URL, so each request is treated as attacker-steered (SSRF):
 * http(s) only, an optional host allow-list, no redirects followed, a time limit and a size limit on
 * the answer. Every failure is one `OutboundError` whose text never says whether a port was closed,
 * answered 404 or answered something that is not JSON: the admin learns "no usable answer", nothing more.
 */

import type { Clock } from '../../shared/clock.js';

export const DEFAULT_OUTBOUND_TIMEOUT_MS = 10_000;
export const DEFAULT_OUTBOUND_MAX_BYTES = 256 * 1024;

export interface OutboundPolicy {
  /** `host` or `host:port` entries (lower-case); empty or absent = any host. */
  allowHosts?: readonly string[];
  timeoutMs?: number;
  maxBytes?: number;
  /** Times `timeoutMs` (default: the runtime's own timer, `AbortSignal.timeout`). */
  clock?: Clock;
}

/** A request the policy refused or that gave no usable answer; `message` is safe to show. */
export class OutboundError extends Error {
  constructor(
    message: string,
    /** 'policy' = refused before sending (scheme, allow-list); 'failed' = sent, no usable answer. */
    readonly kind: 'policy' | 'failed',
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

/** Parses `NAVIGATOR_OUTBOUND_HOSTS`-style lists: comma or space separated `host` / `host:port`. */
export function parseHostList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[\s,]+/)
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

/** Why `url` may not be requested under `policy`, or undefined when it may. */
export function outboundRefusal(url: string, policy: OutboundPolicy): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'is not an http(s) URL';
  if (u.username || u.password) return 'carries credentials in the URL';
  const allow = policy.allowHosts ?? [];
  if (allow.length > 0) {
    const host = u.hostname.toLowerCase();
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    if (!allow.includes(host) && !allow.includes(`${host}:${port}`))
      return `is on host ${u.host}, which is not in the navigator's outbound allow-list (NAVIGATOR_OUTBOUND_HOSTS)`;
  }
  return undefined;
}

/** Like `AbortSignal.timeout(ms)`, on `clock`. */
function clockTimeout(clock: Clock, ms: number): AbortSignal {
  const c = new AbortController();
  clock.after(ms, () => c.abort(new DOMException('The operation timed out.', 'TimeoutError')));
  return c.signal;
}

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * A fetch that applies `policy`. The answer is buffered (at most `maxBytes`) and handed back as a
 * fresh Response, so callers and libraries parse a bounded body. A 3xx is a failure, never followed.
 */
export function createOutboundFetch(policy: OutboundPolicy = {}): FetchLike {
  const timeoutMs = policy.timeoutMs ?? DEFAULT_OUTBOUND_TIMEOUT_MS;
  const maxBytes = policy.maxBytes ?? DEFAULT_OUTBOUND_MAX_BYTES;
  return async (url, init = {}) => {
    const refusal = outboundRefusal(url, policy);
    if (refusal) throw new OutboundError(`the URL ${refusal}`, 'policy');
    const timeout = policy.clock ? clockTimeout(policy.clock, timeoutMs) : AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await fetch(url, { ...init, redirect: 'manual', signal });
    } catch {
      throw new OutboundError('no usable answer', 'failed');
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => {});
      throw new OutboundError('no usable answer', 'failed');
    }
    const body = await readBounded(res, maxBytes, signal);
    return new Response(res.status === 204 || res.status === 205 ? null : body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}

async function readBounded(res: Response, maxBytes: number, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new OutboundError('no usable answer', 'failed');
  }
  if (!res.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      if (signal.aborted) throw new Error('aborted');
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw new Error('too large');
      chunks.push(value);
    }
  } catch {
    await reader.cancel().catch(() => {});
    throw new OutboundError('no usable answer', 'failed');
  }
  const out = new Uint8Array(new ArrayBuffer(size));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
