// The documented conversation with the real @ai-sdk/openai provider (`openai:gpt-test`), its HTTP
// answered by msw handlers (the kit's LLM mock) in OpenAI's Chat Completions streaming wire format.
// The agent, navigator and mocks are real and share this process; only the vendor is replaced.
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../../kit/stack.js';
import { startLlmMock, type LlmMock } from '../../../kit/llm-mock.js';
import { authenticateViaLink, findAuthLink, startAgentStack } from './support.js';
import { Conversation, signIn } from '../../../kit/chat-client.js';
import { CHAT_ERROR_PART, ChatErrorData } from '../../../server/shared/contracts.js';
import { ChatCompletionRequest, currentTurn, streamedStep, type StepToolCall } from '../../../kit/openai-wire.js';

const COMPLETIONS = '*/v1/chat/completions';

interface ScriptedStep {
  text?: string;
  toolCalls?: StepToolCall[];
}
const API_KEY = 'sk-test-0123456789abcdef';

/** A scripted model: reads the real tool results in the request and answers the next step. */
function script(req: ChatCompletionRequest): ScriptedStep {
  const { user, results } = currentTurn(req);
  const last = results[results.length - 1];
  if (/check my Slack messages/.test(user)) {
    if (!last)
      return {
        text: 'Let me check your authentication status first.',
        toolCalls: [{ name: 'get_authentication_link', args: {} }],
      };
    const link = findAuthLink(last.content);
    return {
      text: `It looks like you haven't connected your Slack and Linear accounts yet. Please authenticate using this link: ${link} Once you've completed authentication, let me know and I'll proceed.`,
    };
  }
  if (!last) return { toolCalls: [{ name: 'get_authentication_link', args: {} }] };
  if (last.name === 'get_authentication_link') {
    if (!last.content.includes('fully_authenticated')) return { text: 'You still need to connect some accounts.' };
    return {
      text: "Great, you're all set! Let me check your Slack messages now...",
      toolCalls: [{ name: 'call_server_tool', args: { server: 'slack', tool: 'read_direct_messages', arguments: {} } }],
    };
  }
  if (results.filter((r) => r.name === 'call_server_tool').length === 1) {
    const topic = last.content.includes('INC-232') ? 'login timeout (INC-232)' : 'Slack follow-up';
    return {
      toolCalls: [
        {
          name: 'call_server_tool',
          args: { server: 'linear', tool: 'create_issue', arguments: { team: 'ENG', title: `Follow up: ${topic}` } },
        },
      ],
    };
  }
  const id = /ENG-\d+/.exec(last.content)?.[0] ?? 'an issue';
  return { text: `Created ${id}: Follow up: login timeout (INC-232). Dana flagged the refresh race in your DMs.` };
}

describe('agent with openai:<model> (msw)', () => {
  const requests: Array<{ body: ChatCompletionRequest; auth: string | null }> = [];
  let llm: LlmMock;
  let stack: Stack;

  beforeAll(async () => {
    llm = await startLlmMock(
      http.post(COMPLETIONS, async ({ request }) => {
        const body = ChatCompletionRequest.parse(await request.json());
        requests.push({ body, auth: request.headers.get('authorization') });
        return streamedStep(script(body));
      }),
    );
    stack = await startAgentStack({
      defaultModel: 'openai:gpt-test',
      openai: { apiKey: API_KEY, baseURL: llm.baseURL },
    });
  });
  afterEach(() => {
    llm.resetHandlers();
    expect(llm.unhandled).toEqual([]);
  });
  afterAll(async () => {
    await stack?.close();
    await llm?.close();
  });

  it('[B17] the documented conversation with the OpenAI provider, across several streamed steps', async () => {
    const chat = new Conversation(stack.agent.url, await signIn(stack.agent.url, 'alice'));
    const first = await chat.send('Can you check my Slack messages and create a Linear issue?');
    expect(first.errors).toEqual([]);
    expect(first.toolCalls.map((c) => c.name)).toEqual(['get_authentication_link']);
    const link = findAuthLink(first.text);
    expect(link).toBe(findAuthLink(first.toolOutputs[0]?.output));
    expect(first.text).toContain('Slack and Linear accounts');

    // The provider really sent the navigator's tools and our system prompt, with the key.
    const firstRequest = requests[0];
    expect(firstRequest?.auth).toBe(`Bearer ${API_KEY}`);
    expect(firstRequest?.body.model).toBe('gpt-test');
    expect(firstRequest?.body.tools?.map((t) => t.function.name)).toEqual(
      expect.arrayContaining(['get_authentication_link', 'list_server_tools', 'call_server_tool']),
    );
    expect(String(firstRequest?.body.messages[0]?.content)).toContain('get_authentication_link');

    await authenticateViaLink(link ?? '', 'alice', ['slack', 'linear']);
    const second = await chat.send("Done! I've authenticated both.");
    expect(second.errors).toEqual([]);
    expect(second.toolCalls.map((c) => c.name)).toEqual([
      'get_authentication_link',
      'call_server_tool',
      'call_server_tool',
    ]);
    expect(second.text).toContain("Great, you're all set!");
    const id = /Created (ENG-\d+)/.exec(second.text)?.[1];
    const state = await stack.linearState();
    expect(state.createdIssues).toEqual([
      expect.objectContaining({ id, title: 'Follow up: login timeout (INC-232)', creator: 'alice' }),
    ]);
    expect(requests).toHaveLength(6);

    const streamed = JSON.stringify([first.chunks, second.chunks]);
    for (const secret of [...(await stack.heldTokens(['alice'])), API_KEY]) expect(streamed).not.toContain(secret);
  });

  it('a model error (HTTP 500) ends the stream with a clear message', async () => {
    llm.use(
      http.post(COMPLETIONS, () =>
        HttpResponse.json(
          { error: { message: 'The server had an error while processing your request.', type: 'server_error' } },
          { status: 500 },
        ),
      ),
    );
    const chat = new Conversation(stack.agent.url, await signIn(stack.agent.url, 'carol'));
    const turn = await chat.send('hello');
    expect(turn.errors.join(' ')).toContain(
      'The model provider had an internal error (HTTP 500): The server had an error while processing your request.',
    );
    // Mid-stream too, the error is preceded by its stable code (contracts.ts ChatErrorCode), which the page switches on.
    const codes = turn.chunks.flatMap((c) => (c.type === CHAT_ERROR_PART ? [ChatErrorData.parse(c.data).code] : []));
    expect(codes).toEqual(turn.chunks.filter((c) => c.type === 'error').map(() => 'model_unavailable'));
    expect(codes.length).toBeGreaterThan(0);
  });

  it('rate limiting (HTTP 429) is reported as such', async () => {
    llm.use(
      http.post(COMPLETIONS, () =>
        HttpResponse.json(
          { error: { message: 'Rate limit reached for gpt-test', type: 'requests', code: 'rate_limit_exceeded' } },
          { status: 429 },
        ),
      ),
    );
    const chat = new Conversation(stack.agent.url, await signIn(stack.agent.url, 'carol'));
    const turn = await chat.send('hello');
    expect(turn.errors.join(' ')).toContain('rate limiting requests (HTTP 429): Rate limit reached for gpt-test');
    expect(JSON.stringify(turn.chunks)).not.toContain(API_KEY);
  });
});
