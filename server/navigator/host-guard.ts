/**
 * DNS-rebinding and cross-site guard of the navigator: the shared `hostOriginGuard` over loopback plus
 * the public URL's host, with the allowed list computed once per public URL (it runs in front of every
 * MCP call), and the same verdict without an answer for the MCP lane (mcp/lane.ts).
 */
import type { RequestHandler } from 'express';
import { LOOPBACK_HOSTNAMES, hostNameOf, hostOriginGuard, originAllowed } from '../shared/http.js';

/** Host names allowed for `publicUrl`: loopback plus the public URL's host name, lower-case. */
export function allowedHostNames(publicUrl: string): readonly string[] {
  const own = new URL(publicUrl).hostname.toLowerCase();
  return LOOPBACK_HOSTNAMES.includes(own) ? LOOPBACK_HOSTNAMES : [...LOOPBACK_HOSTNAMES, own];
}

export interface HostGuard {
  middleware: RequestHandler;
  /** The middleware's verdict without answering: true when Host and Origin are both acceptable. */
  allows(host: string | undefined, origin: string | undefined, method: string): boolean;
  /** Recomputes the allowed names; call whenever the public URL changes. */
  setPublicUrl(url: string): void;
}

export function createHostGuard(publicUrl: string): HostGuard {
  let allowed = allowedHostNames(publicUrl);
  const middleware: RequestHandler = hostOriginGuard(() => allowed);
  return {
    middleware,
    allows: (host, origin, method) => {
      const name = hostNameOf(host ?? '');
      return name !== '' && allowed.includes(name) && originAllowed(origin, method, allowed);
    },
    setPublicUrl: (url) => {
      allowed = allowedHostNames(url);
    },
  };
}
