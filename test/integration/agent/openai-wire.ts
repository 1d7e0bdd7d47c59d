/**
 * OpenAI Chat Completions streaming, as OpenAI sends it: `chat.completion.chunk` objects as SSE
 * `data:` lines (role first, content deltas, tool_calls split into id/name then argument pieces,
 * a finish_reason chunk, a usage chunk with empty choices) and `data: [DONE]`.
 */
import { HttpResponse } from 'msw';
import { z } from 'zod';

export interface ScriptedStep {
  text?: string;
  toolCalls?: Array<{ name: string; args: Record<string, unknown> }>;
}

let seq = 0;

export function chatCompletionChunks(step: ScriptedStep, model = 'gpt-test'): string[] {
  const id = `chatcmpl-${++seq}`;
  const created = 1_760_000_000 + seq;
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: 'fp_test',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
  const out = [chunk({ role: 'assistant', content: '', refusal: null })];
  for (const piece of step.text?.match(/\S+\s*/g) ?? []) out.push(chunk({ content: piece }));
  (step.toolCalls ?? []).forEach((call, index) => {
    const callId = `call_${seq}_${index}`;
    out.push(
      chunk({ tool_calls: [{ index, id: callId, type: 'function', function: { name: call.name, arguments: '' } }] }),
    );
    const args = JSON.stringify(call.args);
    const cut = Math.ceil(args.length / 2);
    for (const part of [args.slice(0, cut), args.slice(cut)])
      if (part) out.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
  });
  out.push(chunk({}, step.toolCalls?.length ? 'tool_calls' : 'stop'));
  out.push(
    JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [],
      usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
    }),
  );
  return out;
}

export function sseResponse(step: ScriptedStep): HttpResponse<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const lines = [...chatCompletionChunks(step), '[DONE]'];
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const l of lines) controller.enqueue(encoder.encode(`data: ${l}\n\n`));
      controller.close();
    },
  });
  return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
}

/** The parts of an OpenAI chat request a scripted model reads. */
export const ChatCompletionRequest = z.object({
  model: z.string(),
  stream: z.boolean().optional(),
  messages: z.array(
    z.object({
      role: z.string(),
      content: z.union([z.string(), z.null(), z.array(z.unknown())]).optional(),
      tool_calls: z
        .array(z.object({ id: z.string(), function: z.object({ name: z.string(), arguments: z.string() }) }))
        .optional(),
      tool_call_id: z.string().optional(),
    }),
  ),
  tools: z.array(z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) })).optional(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

/** Tool calls (name + result text) since the last user message, and that message's text. */
export function currentTurn(req: ChatCompletionRequest): {
  user: string;
  results: Array<{ name: string; content: string }>;
} {
  const lastUser = req.messages.map((m) => m.role).lastIndexOf('user');
  const user = String(req.messages[lastUser]?.content ?? '');
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
