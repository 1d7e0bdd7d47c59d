/**
 * Model provider failures with the real @ai-sdk/openai provider (`openai:gpt-test`), its vendor HTTP
 * answered by msw: HTTP 429, HTTP 500, a malformed stream and a stream cut short. Each ends the turn
 * with one clear message in the chat stream (no stack trace, no secret); the next turn works.
 */
import { http, HttpResponse } from 'msw';
import { startLlmMock, type LlmMock } from '../../../kit/llm-mock.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../../kit/chat-client.js';
import { streamedStep } from '../../../kit/openai-wire.js';
import type { Stack } from '../../../kit/stack.js';
import { conversation, startChatStack } from './support.js';

const API_KEY = 'sk-test-reliability-0123456789';

type Failure = 'none' | '429' | '500' | 'malformed' | 'truncated';
let failure: Failure = 'none';

function sse(lines: string[]): HttpResponse<ReadableStream<Uint8Array>> {
  const enc = new TextEncoder();
  return new HttpResponse(
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const l of lines) c.enqueue(enc.encode(l));
        c.close();
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );
}

const vendor = http.post('*/v1/chat/completions', () => {
  switch (failure) {
    case '429':
      return HttpResponse.json(
        { error: { message: 'Rate limit reached for gpt-test', type: 'requests', code: 'rate_limit_exceeded' } },
        { status: 429 },
      );
    case '500':
      return HttpResponse.json(
        { error: { message: 'The server had an error while processing your request.', type: 'server_error' } },
        { status: 500 },
      );
    case 'malformed':
      return sse([
        'data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel\n\n',
        'data: this is not json\n\n',
        'data: [DONE]\n\n',
      ]);
    case 'truncated':
      return sse([
        'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"gpt-test","choices":[{"index":0,"delta":{"role":"assistant","content":"Partial "},"finish_reason":null}]}\n\n',
      ]);
    default:
      return streamedStep({ text: 'All good, how can I help?' });
  }
});

let llm: LlmMock;
let stack: Stack;
let chat: Conversation;

beforeAll(async () => {
  llm = await startLlmMock(vendor);
  stack = await startChatStack({
    agent: { defaultModel: 'openai:gpt-test', openai: { apiKey: API_KEY, baseURL: llm.baseURL } },
  });
  chat = await conversation(stack, 'alice');
});
afterAll(async () => {
  await stack?.close();
  await llm?.close();
});
beforeEach(() => {
  failure = 'none';
});

async function failingTurn(kind: Failure, expected: RegExp): Promise<void> {
  failure = kind;
  const turn = await chat.send(`hello (${kind})`);
  expect(turn.errors.length, `no error message in the chat for ${kind}`).toBeGreaterThan(0);
  const message = turn.errors.join('\n');
  expect(message).toMatch(expected);
  expect(message).not.toMatch(/\n\s+at .+:\d+:\d+|node_modules/);
  expect(message).not.toContain(API_KEY);
  failure = 'none';
  const next = await chat.send('are you there?');
  expect(next.errors).toEqual([]);
  expect(next.text).toContain('All good, how can I help?');
}

describe('model errors', () => {
  it('HTTP 429 from the vendor: a clear rate-limit message, the conversation continues', async () => {
    await failingTurn(
      '429',
      /rate limiting requests \(HTTP 429\): Rate limit reached for gpt-test\. Please wait a moment and try again\./,
    );
  });

  it('HTTP 500 from the vendor: a clear message, the conversation continues', async () => {
    await failingTurn(
      '500',
      /The model provider had an internal error \(HTTP 500\): The server had an error while processing your request\. Please try again\./,
    );
  });

  it('a malformed stream: a clear message, the conversation continues', async () => {
    await failingTurn(
      'malformed',
      /The model provider sent a malformed response that could not be read\. Please try again\./,
    );
  });

  it('a stream cut short: the turn ends (no hang), the conversation continues', async () => {
    failure = 'truncated';
    // A hang would run into the test's own time limit.
    const turn = await chat.send('hello (truncated)');
    expect(turn.text + turn.errors.join(' ')).toMatch(/Partial|model|error/i);
    failure = 'none';
    expect((await chat.send('still there?')).text).toContain('All good');
  });

  it('the agent, navigator and transcript log no stack traces and no API key for these failures', async () => {
    await stack.agent.transcripts.flush();
    const logs = stack.logs.join('\n');
    expect(logs).not.toContain(API_KEY);
    expect(logs).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
