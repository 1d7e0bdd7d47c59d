// The kit's LLM mock: msw handlers served on a loopback port, read by the real @ai-sdk/openai provider;
// msw's use / resetHandlers lifecycle; an unhandled request is answered and recorded, never passed on;
// and the process's own fetch is not intercepted, so an awaited body cancel settles.
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import { http, HttpResponse } from 'msw';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLlmMock, type LlmMock } from './llm-mock.js';
import { ChatCompletionRequest, encodeChatCompletion, streamedStep } from './openai-wire.js';

let llm: LlmMock;
const seen: ChatCompletionRequest[] = [];
beforeAll(async () => {
  llm = await startLlmMock(
    http.post('*/v1/chat/completions', async ({ request }) => {
      const body = ChatCompletionRequest.parse(await request.json());
      seen.push(body);
      if (body.stream) return streamedStep({ text: 'Hello from the stream.' }, body.model);
      return new Response(encodeChatCompletion({ id: 'c1', model: body.model, text: 'Hello as JSON.' }));
    }),
  );
});
afterEach(() => llm.resetHandlers());
afterAll(() => llm.close());

const model = () => createOpenAI({ apiKey: 'sk-test', baseURL: llm.baseURL }).chat('gpt-test');

describe('kit LLM mock', () => {
  it('answers the real provider, streamed and not, from msw handlers', async () => {
    expect(await streamText({ model: model(), prompt: 'hi', maxRetries: 0 }).text).toBe('Hello from the stream.');
    expect((await generateText({ model: model(), prompt: 'hi', maxRetries: 0 })).text).toBe('Hello as JSON.');
    expect(seen.map((r) => r.model)).toEqual(['gpt-test', 'gpt-test']);
  });

  it('use() overrides until resetHandlers; an HttpResponse status reaches the provider', async () => {
    llm.use(
      http.post('*/v1/chat/completions', () => HttpResponse.json({ error: { message: 'busy' } }, { status: 429 })),
    );
    await expect(generateText({ model: model(), prompt: 'hi', maxRetries: 0 })).rejects.toThrow('busy');
    llm.resetHandlers();
    expect((await generateText({ model: model(), prompt: 'hi', maxRetries: 0 })).text).toBe('Hello as JSON.');
  });

  it('answers a request no handler matches with HTTP 500 naming it, and records it', async () => {
    const res = await fetch(`${llm.baseURL}/embeddings`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('LLM mock: no handler for POST /v1/embeddings');
    expect(llm.unhandled).toEqual(['POST /v1/embeddings']);
  });

  it("leaves the process's own fetch alone: cancelling a local 202 body settles (it hung under setupServer)", async () => {
    const local: Server = createServer((_req, res) => res.writeHead(202, { 'content-type': 'text/plain' }).end('ok'));
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(local.address() as AddressInfo).port}/`, { method: 'POST' });
      await res.body?.cancel();
      expect(res.status).toBe(202);
    } finally {
      await new Promise((resolve) => local.close(resolve));
    }
  });
});
