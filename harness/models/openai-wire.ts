/**
 * The OpenAI Chat Completions wire format, as far as the harness needs it: encoding one model turn
 * as the SSE stream OpenAI sends (so the real @ai-sdk/openai provider parses it), and reading what
 * the provider sent (offered tools, tool results) from a request body.
 */
import { z } from 'zod';
import { authLinksIn } from '../../server/shared/auth-link.js';

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
