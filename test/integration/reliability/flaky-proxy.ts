/**
 * An HTTP reverse proxy in front of a mock server whose failures tests switch on: `refuse` (the port
 * is closed: connection refused), `crash` (a tools/call gets half a response, then the socket dies)
 * and `pass`. It counts open sockets so tests can check that failures leave no connections behind.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { systemClock, type Clock } from '../../../server/shared/clock.js';

export type ProxyMode = 'pass' | 'crash';

export interface FlakyProxy {
  url: string;
  mode: ProxyMode;
  /** tools/call requests that reached the proxy. */
  toolCalls: number;
  /** Extra delay (ms) before forwarding a tools/call of the named downstream tool. */
  delays: Map<string, number>;
  /** Points the proxy at another upstream (e.g. a mock started with this proxy's URL as its public URL). */
  setTarget(url: string): void;
  /** Closes the listening port and every open socket: new connections are refused. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  openSockets(): number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** `clock` times the per-tool `delays` (a manual clock holds those calls until it is advanced). */
export async function startFlakyProxy(initialTarget: string, clock: Clock = systemClock): Promise<FlakyProxy> {
  let target = initialTarget;
  const sockets = new Set<Socket>();
  let port = 0;
  const proxy: FlakyProxy = {
    url: '',
    mode: 'pass',
    toolCalls: 0,
    delays: new Map(),
    setTarget: (url) => {
      target = url;
    },
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    start: async () => {
      server = build();
      await listen(server, port);
    },
    openSockets: () => [...sockets].filter((s) => !s.destroyed).length,
    close: () => proxy.stop(),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    if (body.includes('"tools/call"')) {
      proxy.toolCalls++;
      if (proxy.mode === 'crash') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"jsonrpc":"2.0","id":');
        setTimeout(() => req.socket.destroy(), 20);
        return;
      }
      const tool = /"name"\s*:\s*"([^"]+)"/.exec(body.toString('utf8'))?.[1];
      const delay = tool ? proxy.delays.get(tool) : undefined;
      if (delay) await new Promise<void>((r) => clock.after(delay, r));
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers.set(k, v);
    const upstream = await fetch(`${target}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: body.length > 0 ? new Uint8Array(body) : undefined,
      redirect: 'manual',
    });
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(k)) out[k] = v;
    });
    res.writeHead(upstream.status, out);
    res.end(Buffer.from(await upstream.arrayBuffer()));
  };

  const build = (): Server => {
    const s = createServer((req, res) => {
      handle(req, res).catch(() => req.socket.destroy());
    });
    // Idle keep-alive sockets close quickly, so open sockets are requests still in flight.
    s.keepAliveTimeout = 300;
    s.on('connection', (sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    });
    return s;
  };
  const listen = (s: Server, p: number) =>
    new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(p, '127.0.0.1', () => {
        const addr = s.address();
        port = typeof addr === 'object' && addr ? addr.port : p;
        resolve();
      });
    });

  let server = build();
  await listen(server, 0);
  proxy.url = `http://127.0.0.1:${port}`;
  return proxy;
}
