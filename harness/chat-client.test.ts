// The harness's chat client against a real HTTP server whose /api/chat starts a UI message stream
// and never finishes it: the turn ends with a clear timeout error instead of hanging the run.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from './chat-client.js';

describe('ChatClient', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ type: 'start' })}\n\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up on a turn whose stream never ends, saying so', async () => {
    const client = new ChatClient(url, 'alice', 50);
    await expect(client.send('c1', [], Date.now)).rejects.toThrow("the agent's turn did not finish within 0.05 s");
  });
});
