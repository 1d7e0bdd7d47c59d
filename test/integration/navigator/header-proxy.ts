/**
 * A tiny local reverse proxy for clients that cannot send headers (the MCP conformance suite): it
 * forwards every request on `{proxy}/mcp` to the navigator's endpoint with the instance key and the
 * end user's header added. Everything else passes as the client sent it, Host and Origin included,
 * so the navigator's own DNS-rebinding guard is what the suite tests; bodies and SSE streams are piped.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeaderProxy {
  url: string;
  close(): Promise<void>;
}

/** Proxies `{proxy}/mcp` to `targetUrl` (an `http://host:port/mcp/{instance}` URL) adding `headers`. */
export async function startHeaderProxy(targetUrl: string, headers: Record<string, string>): Promise<HeaderProxy> {
  const target = new URL(targetUrl);
  const server = createServer((req, res) => {
    if (!req.url || !(req.url === '/mcp' || req.url.startsWith('/mcp?'))) {
      res.writeHead(404).end();
      return;
    }
    const out = request(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: target.pathname + req.url.slice('/mcp'.length),
        // Host and Origin stay as the client sent them.
        headers: { ...req.headers, ...headers },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    res.on('close', () => out.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
