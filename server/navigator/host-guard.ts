/**
 * DNS-rebinding and cross-site guard of the navigator: the Host header, and the Origin header when a
 * browser sends one, must name loopback or the public URL's host (ports ignored). Same rules as
 * `hostOriginGuard` in server/shared/http.ts, but the allowed list is computed once per public URL
 * and the Host header is matched with string operations: this runs in front of every MCP call.
 */
import type { RequestHandler } from 'express';
import { LOOPBACK_HOSTNAMES } from '../shared/http.js';

/** Host names allowed for `publicUrl`: loopback plus the public URL's host name, lower-case. */
export function allowedHostNames(publicUrl: string): readonly string[] {
  const own = new URL(publicUrl).hostname.toLowerCase();
  return LOOPBACK_HOSTNAMES.includes(own) ? LOOPBACK_HOSTNAMES : [...LOOPBACK_HOSTNAMES, own];
}

/** The host name of a Host header (`name`, `name:port`, `[v6]:port`), lower-case; '' when empty. */
export function hostNameOf(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? '' : host.slice(0, end + 1).toLowerCase();
  }
  const colon = host.indexOf(':');
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
}

/** Whether a request's Origin header (if any) is acceptable; `Origin: null` only on GET/HEAD. */
export function originAllowed(origin: string | undefined, method: string, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (origin === 'null') return method === 'GET' || method === 'HEAD';
  try {
    return allowed.includes(new URL(origin).hostname.toLowerCase());
  } catch {
    return false;
  }
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
  const middleware: RequestHandler = (req, res, next) => {
    const host = req.headers.host ?? '';
    const name = hostNameOf(host);
    if (!name || !allowed.includes(name)) {
      res.status(403).json({ error: { code: 'forbidden', message: `Host '${host.slice(0, 200)}' is not allowed` } });
      return;
    }
    const origin = req.headers.origin;
    if (!originAllowed(origin, req.method, allowed)) {
      res.status(403).json({ error: { code: 'forbidden', message: `Origin '${String(origin).slice(0, 100)}' is not allowed` } });
      return;
    }
    next();
  };
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
