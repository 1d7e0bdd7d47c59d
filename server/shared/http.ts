/**
 * HTTP plumbing shared by every server: one error type with a code-to-status map, a JSON error
 * handler (no HTML pages, no stack traces), explicit body limits, and listening on a chosen or free port.
 */
import type { ErrorRequestHandler, Express, RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { AddressInfo, Socket } from 'node:net';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export const DEFAULT_BODY_LIMIT = '1mb';

const STATUS_BY_CODE = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  payload_too_large: 413,
  too_many_requests: 429,
  bad_gateway: 502,
  unavailable: 503,
  timeout: 504,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

/** An error meant for the client: its message is safe to show, its code picks the HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

/** Answers every error as JSON `{ error: { code, message } }`; body-parser's own errors keep their status. */
export function jsonErrorHandler(log: (line: string) => void = () => {}): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
      return;
    }
    const e = err as { status?: number; statusCode?: number; type?: string; message?: string };
    const status = e.status ?? e.statusCode ?? 500;
    if (status === 413 || e.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'payload_too_large', message: 'Request body is larger than the limit' } });
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'bad_request', message: 'Malformed JSON in request body' } });
      return;
    }
    if (status >= 400 && status < 500) {
      res.status(status).json({ error: { code: 'bad_request', message: e.message ?? 'Bad request' } });
      return;
    }
    log(`internal error: ${e.message ?? String(err)}`);
    res.status(500).json({ error: { code: 'internal', message: 'Internal error' } });
  };
}

/** Host names of this machine's loopback interface, as they appear in Host and Origin headers. */
export const LOOPBACK_HOSTNAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** The host name of a Host header (`name`, `name:port`, `[v6]:port`), lower-case; '' when empty. */
export function hostNameOf(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? '' : host.slice(0, end + 1).toLowerCase();
  }
  const colon = host.indexOf(':');
  return (colon < 0 ? host : host.slice(0, colon)).toLowerCase();
}

/** Whether a request's Origin header (if any) names an allowed host; `Origin: null` only on GET/HEAD. */
export function originAllowed(origin: string | undefined, method: string, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (origin === 'null') return method === 'GET' || method === 'HEAD';
  try {
    return allowed.includes(new URL(origin).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/**
 * DNS-rebinding and cross-site guard: the Host header, and the Origin header when a browser sends
 * one, must name an allowed host (ports ignored). `Origin: null` is refused on anything but GET/HEAD.
 * Host is matched with string operations (no URL parsing): this runs in front of every request.
 */
export function hostOriginGuard(allowed: () => readonly string[] = () => LOOPBACK_HOSTNAMES): RequestHandler {
  return (req, res, next) => {
    const names = allowed();
    const host = req.headers.host ?? '';
    const name = hostNameOf(host);
    if (!name || !names.includes(name)) {
      res.status(403).json({ error: { code: 'forbidden', message: `Host '${host.slice(0, 200)}' is not allowed` } });
      return;
    }
    const origin = req.headers.origin;
    if (!originAllowed(origin, req.method, names)) {
      res
        .status(403)
        .json({ error: { code: 'forbidden', message: `Origin '${String(origin).slice(0, 100)}' is not allowed` } });
      return;
    }
    next();
  };
}

/** 404 as JSON for anything no route answered. */
export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `No route for ${req.method} ${req.path}` } });
};

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:3201 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  /**
   * A handler that sees each request before the app and answers it (returning true) or leaves it to
   * the app untouched (returning false): `http.createServer((req, res) => front(req, res) || app(req, res))`.
   */
  front?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/**
 * Binds an Express app on `port` (0 = a free port) and returns its URL and a close() that also
 * ends every open connection (idle keep-alive and in-flight alike) so ports are freed at once.
 */
export async function listen(
  app: Express,
  port = 0,
  host = '127.0.0.1',
  opts: ListenOptions = {},
): Promise<RunningServer & { server: Server }> {
  const front = opts.front;
  const server = await new Promise<Server>((resolve, reject) => {
    const done = (err?: Error) => (err ? reject(err) : resolve(s));
    // An Express app is itself a request listener (what app.listen passes to http.createServer).
    const s = front
      ? createServer((req, res) => void (front(req, res) || app(req, res))).listen(port, host, done)
      : app.listen(port, host, done);
    s.once('error', reject);
  });
  server.keepAliveTimeout = 5_000;
  // Requests Node's HTTP parser refuses (URL or headers too large, malformed) get a JSON error too.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // Like Node's default handler: answer only when nothing was written yet on this connection.
    if (!socket.writable || (socket as Socket).bytesWritten > 0 || err.code === 'ECONNRESET') return socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({
      error: {
        code: 'bad_request',
        message: tooLarge ? 'Request URL or headers are too large' : 'Malformed HTTP request',
      },
    });
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    server,
    url: `http://${shownHost}:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Security headers for every response of a server (`helmet`): CSP `default-src 'self'` with no inline
 * script, `frame-ancestors 'none'` plus `X-Frame-Options: DENY`, `nosniff`, `Referrer-Policy:
 * same-origin` (not no-referrer: Chromium then sends `Origin: null` on form posts, which the Origin
 * guard refuses). Pages that need more (a nonce for their inline CSS/JS) set their own, stricter CSP
 * after this. No Cross-Origin-Opener-Policy: the guided flow's popup must keep its `window.opener` to
 * report back by postMessage across the navigator's and the mock servers' origins.
 */
export function securityHeaders(opts: SecurityHeaderOptions = {}): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: opts.inlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...opts.directives,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    // Plain http on localhost in the demo: no HSTS, which would pin the name to https.
    strictTransportSecurity: false,
    ...opts.helmet,
  });
}

/**
 * The headers a header-only middleware (such as `securityHeaders()`) sets, as a flat name/value list,
 * for answers written before Express (a server's `front` handler). Runs the middleware once on a
 * recording response; only for middleware whose headers do not depend on the request.
 */
export function headerListOf(middleware: RequestHandler): string[] {
  const list: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      list.push(name, Array.isArray(value) ? value.join(', ') : String(value));
      return recorder;
    },
    removeHeader: () => {},
    getHeader: () => undefined,
  };
  let called = false;
  middleware({ headers: {} } as never, recorder as never, () => {
    called = true;
  });
  if (!called) throw new Error('headerListOf: the middleware did not pass the request on synchronously');
  return list;
}

export interface SecurityHeaderOptions {
  /** Allow inline `<style>` (mock pages). */
  inlineStyles?: boolean;
  /** CSP directives added to (or replacing) the defaults above. */
  directives?: Record<string, string[]>;
  /** helmet options replacing the defaults above (e.g. an app's own Cross-Origin-Opener-Policy). */
  helmet?: Pick<HelmetOptions, 'crossOriginOpenerPolicy' | 'crossOriginResourcePolicy'>;
}
