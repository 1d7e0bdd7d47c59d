/**
 * An attacker-controlled HTTP server for the OAuth-client attacks: answers chosen JSON (or a chosen
 * status/body/redirect) per `METHOD path`, and records every request it gets, with its Authorization
 * header, so a test can show that no token and no request ever reached it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EvilAnswer {
  status?: number;
  json?: unknown;
  /** Raw body (sent as text/html unless `type` says otherwise). */
  body?: string;
  type?: string;
  location?: string;
  /** Never answer (the connection stays open until the server closes). */
  hang?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
}

export interface EvilServer {
  url: string;
  requests: RecordedRequest[];
  /** Routes are functions of the server's own base URL, set after it is bound. */
  route(key: string, answer: EvilAnswer): void;
  close(): Promise<void>;
}

export async function startEvilServer(
  routes: (base: string) => Record<string, EvilAnswer> = () => ({}),
): Promise<EvilServer> {
  let table: Record<string, EvilAnswer> = {};
  const requests: RecordedRequest[] = [];
  const hanging = new Set<IncomingMessage>();
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    const a = table[`${req.method} ${req.url}`] ?? table[req.url ?? ''];
    if (!a) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    if (a.hang) return void hanging.add(req);
    const headers: Record<string, string> = {};
    if (a.location) headers.location = a.location;
    if (a.json !== undefined) headers['content-type'] = 'application/json';
    else headers['content-type'] = a.type ?? 'text/html';
    res
      .writeHead(a.status ?? (a.json !== undefined ? 200 : 200), headers)
      .end(a.json !== undefined ? JSON.stringify(a.json) : (a.body ?? ''));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = routes(url);
  return {
    url,
    requests,
    route: (key, answer) => {
      table[key] = answer;
    },
    close: async () => {
      for (const req of hanging) req.socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** RFC 9728 metadata that names `resource` and one authorization server. */
export function resourceMetadata(resource: string, authorizationServer: string): EvilAnswer {
  return { json: { resource, authorization_servers: [authorizationServer] } };
}

/** RFC 8414 metadata with every endpoint under `endpointsBase` and the given issuer. */
export function authServerMetadata(
  issuer: string,
  endpointsBase: string,
  over: Record<string, unknown> = {},
): EvilAnswer {
  return {
    json: {
      issuer,
      authorization_endpoint: `${endpointsBase}/authorize`,
      token_endpoint: `${endpointsBase}/token`,
      registration_endpoint: `${endpointsBase}/register`,
      revocation_endpoint: `${endpointsBase}/revoke`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      ...over,
    },
  };
}
