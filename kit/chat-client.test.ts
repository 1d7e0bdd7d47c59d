// The kit's chat client against a real HTTP server speaking the UI message stream (SSE, as
// pipeUIMessageStreamToResponse writes it): tool parts and the agent's data-chat-error part come
// through the AI SDK's own parsing; a refused request and a stream that never ends fail clearly.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_ERROR_PART } from '../server/shared/contracts.js';
import { ChatClient, Conversation, sendChat } from './chat-client.js';

const REPLIES: Record<string, unknown[]> = {
  tools: [
    { type: 'start', messageId: 'a1' },
    { type: 'start-step' },
    { type: 'text-start', id: 't1' },
    { type: 'text-delta', id: 't1', delta: 'Let me ' },
    { type: 'text-delta', id: 't1', delta: 'check.' },
    { type: 'text-end', id: 't1' },
    { type: 'tool-input-available', toolCallId: 'c1', toolName: 'get_authentication_link', input: {}, dynamic: true },
    {
      type: 'tool-output-available',
      toolCallId: 'c1',
      output: { content: [{ type: 'text', text: '{"status":"fully_authenticated"}' }] },
      dynamic: true,
    },
    { type: 'finish-step' },
    { type: 'finish' },
  ],
  failing: [
    { type: 'start' },
    { type: CHAT_ERROR_PART, data: { code: 'model_unavailable' }, transient: true },
    { type: 'error', errorText: 'The model provider had an internal error (HTTP 500).' },
  ],
};

let server: Server;
let url = '';
const cookies: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      cookies.push(req.headers.cookie ?? '');
      const { messages } = JSON.parse(body) as { messages: { parts: { text: string }[] }[] };
      const said = messages.at(-1)?.parts[0]?.text ?? '';
      if (said === 'forbidden') return res.writeHead(403).end('{"error":"not yours"}');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-vercel-ai-ui-message-stream': 'v1' });
      const chunks = REPLIES[said];
      if (!chunks) return void res.write(`data: ${JSON.stringify({ type: 'start' })}\n\n`); // never ends
      for (const c of chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('kit chat client', () => {
  it('reads tool parts into the assistant message and ordered events, with the session cookie sent', async () => {
    const chat = new Conversation(url, 'nc_session=s1');
    const turn = await chat.send('tools');
    expect(cookies.at(-1)).toBe('nc_session=s1');
    expect(turn.errors).toEqual([]);
    expect(turn.text).toBe('Let me check.');
    expect(turn.toolCalls).toEqual([{ name: 'get_authentication_link', input: {} }]);
    expect(turn.events.map((e) => e.type)).toEqual(['text', 'tool-call', 'tool-result']);
    expect(turn.events[2]).toMatchObject({ name: 'get_authentication_link', json: { status: 'fully_authenticated' } });
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it("surfaces the agent's data-chat-error part with its code, and the error text", async () => {
    const turn = await sendChat(url, {
      chatId: 'c2',
      cookie: '',
      messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'failing' }] }],
    });
    expect(turn.chatErrors).toEqual(['model_unavailable']);
    expect(turn.data).toEqual([{ type: CHAT_ERROR_PART, data: { code: 'model_unavailable' } }]);
    expect(turn.errors.join(' ')).toContain('The model provider had an internal error (HTTP 500).');
    expect(turn.events.at(-1)).toMatchObject({ type: 'error' });
  });

  it('rejects a refused request with its HTTP status and body', async () => {
    await expect(new Conversation(url, '').send('forbidden')).rejects.toThrow(
      '/api/chat answered HTTP 403: {"error":"not yours"}',
    );
  });

  it('aborts on the caller signal, and the harness client gives up on a turn whose stream never ends, saying so', async () => {
    const controller = new AbortController();
    const pending = new Conversation(url, '').send('hang', { signal: controller.signal });
    controller.abort(new Error('stopped by the test'));
    await expect(pending).rejects.toThrow('stopped by the test');
    const client = new ChatClient(url, 'alice', 300);
    await expect(client.send('c1', [], Date.now)).rejects.toThrow("the agent's turn did not finish within 0.3 s");
  });
});
