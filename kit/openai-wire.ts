/**
 * The OpenAI Chat Completions wire format, the one encoder of the test kit and of the harness's
 * scripted and replayed models: one model turn as the SSE stream OpenAI sends (`chat.completion.chunk`
 * objects as `data:` lines: role first, content deltas, tool_calls split into id/name then argument
 * pieces, a finish_reason chunk, a usage chunk with empty choices, `data: [DONE]`) or as the JSON
 * answer `generateText` reads, so the real @ai-sdk/openai provider parses it; and reading what the
 * provider sent (offered tools, tool results, the current turn) from a request body.
 */
import { z } from 'zod';
import { authLinksIn } from '../server/shared/auth-link.js';

export interface WireToolCall {
  id: string;
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

/** Splits text into a few deltas so the stream looks like a real one (and the parser joins deltas). */
function chunks(text: string, size = 24): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/**
 * One model response as a Chat Completions SSE body: role, content deltas, tool_calls (id, type,
 * name, then arguments in pieces), finish_reason, a usage chunk and `data: [DONE]`. Deterministic.
 */
export function encodeChatCompletionStream(opts: {
  id: string;
  model: string;
  text?: string;
  toolCalls?: WireToolCall[];
  promptTokens?: number;
}): string {
  const base = {
    id: opts.id,
    object: 'chat.completion.chunk',
    created: 0,
    model: opts.model,
    system_fingerprint: null,
  };
  const events: unknown[] = [];
  const choice = (delta: Record<string, unknown>, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  events.push(choice({ role: 'assistant', content: '' }));
  for (const piece of chunks(opts.text ?? '')) events.push(choice({ content: piece }));
  (opts.toolCalls ?? []).forEach((call, index) => {
    events.push(
      choice({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }),
    );
    for (const piece of chunks(call.arguments))
      events.push(choice({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  events.push(choice({}, opts.toolCalls?.length ? 'tool_calls' : 'stop'));
  const completion = Math.ceil(
    ((opts.text ?? '').length + (opts.toolCalls ?? []).reduce((n, c) => n + c.arguments.length + c.name.length, 0)) / 4,
  );
  const prompt = opts.promptTokens ?? 0;
  events.push({
    ...base,
    choices: [],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  });
  return `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}data: [DONE]\n\n`;
}

const ChatMessage = z.looseObject({
  role: z.string(),
  content: z.unknown().optional(),
  tool_call_id: z.string().optional(),
  tool_calls: z
    .array(z.looseObject({ id: z.string(), function: z.looseObject({ name: z.string(), arguments: z.string() }) }))
    .optional(),
});
export const ChatCompletionRequest = z.looseObject({
  model: z.string(),
  messages: z.array(ChatMessage),
  tools: z
    .array(
      z.looseObject({
        type: z.string(),
        function: z.looseObject({ name: z.string(), description: z.string().optional() }),
      }),
    )
    .optional(),
  stream: z.boolean().optional(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

/** Tool names and descriptions the agent offered the model in this request. */
export function offeredTools(req: ChatCompletionRequest): { name: string; description: string }[] {
  return (req.tools ?? []).map((t) => ({ name: t.function.name, description: t.function.description ?? '' }));
}

/** The auth link of the latest tool result that carries one, if any. */
export function latestAuthLink(req: ChatCompletionRequest): string | undefined {
  let link: string | undefined;
  for (const m of req.messages) {
    if (m.role !== 'tool') continue;
    const text = typeof m.content === 'string' ? m.content : JSON.stringify(m.content);
    link = authLinksIn(text).at(-1) ?? link;
  }
  return link;
}

/** One non-streaming Chat Completions response (what `generateText` reads): text and tool calls. */
export function encodeChatCompletion(opts: {
  id: string;
  model: string;
  text?: string;
  toolCalls?: WireToolCall[];
  promptTokens?: number;
  completionTokens?: number;
}): string {
  const toolCalls = (opts.toolCalls ?? []).map((c) => ({
    id: c.id,
    type: 'function',
    function: { name: c.name, arguments: c.arguments },
  }));
  const prompt = opts.promptTokens ?? 0;
  const completion = opts.completionTokens ?? Math.ceil((opts.text ?? '').length / 4);
  return JSON.stringify({
    id: opts.id,
    object: 'chat.completion',
    created: 0,
    model: opts.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: opts.text ?? null,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  });
}

/** The headers OpenAI streams with. */
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

/** An SSE body (`data:` lines) as the HTTP response a mocked vendor answers with. */
export function sseResponse(body: string, status = 200): Response {
  return new Response(body, { status, headers: SSE_HEADERS });
}

/** A tool call of a scripted step, with its arguments as an object. */
export interface StepToolCall {
  name: string;
  args: Record<string, unknown>;
}

let stepSeq = 0;

/**
 * One scripted model step (text and tool calls with object arguments) as OpenAI's streamed answer,
 * with fresh completion and tool-call ids.
 */
export function streamedStep(
  step: { text?: string; toolCalls?: StepToolCall[] },
  model = 'gpt-test',
  promptTokens = 120,
): Response {
  const n = ++stepSeq;
  const toolCalls = (step.toolCalls ?? []).map((c, i) => ({
    id: `call_${n}_${i}`,
    name: c.name,
    arguments: JSON.stringify(c.args),
  }));
  return sseResponse(
    encodeChatCompletionStream({ id: `chatcmpl-${n}`, model, text: step.text, toolCalls, promptTokens }),
  );
}

/** Tool calls (name + result text) since the last user message, and that message's text. */
export function currentTurn(req: ChatCompletionRequest): {
  user: string;
  results: Array<{ name: string; content: string }>;
} {
  const lastUser = req.messages.map((m) => m.role).lastIndexOf('user');
  const content = req.messages[lastUser]?.content;
  const user = typeof content === 'string' ? content : JSON.stringify(content ?? '');
  const names = new Map<string, string>();
  const results: Array<{ name: string; content: string }> = [];
  for (const m of req.messages.slice(lastUser + 1)) {
    for (const c of m.tool_calls ?? []) names.set(c.id, c.function.name);
    if (m.role === 'tool' && m.tool_call_id)
      results.push({
        name: names.get(m.tool_call_id) ?? '?',
        content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
      });
  }
  return { user, results };
}
