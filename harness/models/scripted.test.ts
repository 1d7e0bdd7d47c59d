// The scripted model served through the kit's msw LLM mock, read by the real @ai-sdk/openai Chat Completions provider.
import { createOpenAI } from '@ai-sdk/openai';
import { jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { registerLlmHost, stopLlmServer } from './llm-server.js';
import { ScriptedModel } from './scripted.js';

afterAll(() => stopLlmServer());

const LINK = 'http://127.0.0.1:9/auth?auth_link_id=abc-123';

describe('scripted model', () => {
  it('streams text and tool calls the real provider parses, filling {{auth_link}} from the tool result', async () => {
    const scripted = new ScriptedModel();
    scripted.enqueue(0, [
      {
        text: 'Let me check your authentication status first.',
        tool_calls: [{ name: 'get_authentication_link', args: {} }],
      },
      { text: 'Please authenticate using this link: {{auth_link}}' },
    ]);
    const host = await registerLlmHost('scripted', scripted.handle);
    const calls: unknown[] = [];
    const result = streamText({
      model: createOpenAI({ apiKey: 'test', baseURL: host.baseURL }).chat('scripted'),
      prompt: 'Can you check my Slack messages?',
      tools: {
        get_authentication_link: tool({
          description: 'Checks auth. Available MCP Servers: none',
          inputSchema: jsonSchema({ type: 'object', properties: {} }),
          execute: async (input) => {
            calls.push(input);
            return { status: 'authentication_needed', auth_link: LINK };
          },
        }),
      },
      stopWhen: stepCountIs(5),
      maxRetries: 0,
    });
    const text = await result.text;
    host.dispose();
    expect(calls).toEqual([{}]);
    expect(text).toBe(`Please authenticate using this link: ${LINK}`);
    expect((await result.steps)[0]?.text).toBe('Let me check your authentication status first.');
    expect(scripted.problems).toEqual([]);
    expect(scripted.requests[0]?.tools).toEqual([
      { name: 'get_authentication_link', description: 'Checks auth. Available MCP Servers: none' },
    ]);
    expect((await result.totalUsage).outputTokens).toBeGreaterThan(0);
  });

  it('reports a request with no scripted turn left', async () => {
    const scripted = new ScriptedModel();
    const host = await registerLlmHost('scripted', scripted.handle);
    await streamText({
      model: createOpenAI({ apiKey: 'test', baseURL: host.baseURL }).chat('scripted'),
      prompt: 'hi',
      maxRetries: 0,
    }).text;
    host.dispose();
    expect(scripted.problems).toEqual([expect.stringContaining('request 1 has no scripted turn left')]);
  });

  it('answers 404 on a path nobody registered, and on one whose owner disposed it', async () => {
    const host = await registerLlmHost('scripted', () => Promise.resolve(new Response('{}')));
    expect((await fetch(`${host.baseURL}/chat/completions`, { method: 'POST', body: '{}' })).status).toBe(200);
    host.dispose();
    const gone = await fetch(`${host.baseURL}/chat/completions`, { method: 'POST', body: '{}' });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('no scripted model is registered for scripted-');
  });
});
