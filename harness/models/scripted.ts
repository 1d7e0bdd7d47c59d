/**
 * The `scripted` model: serves the model turns written in the scenario, one per LLM request, as
 * real Chat Completions SSE streams. `{{auth_link}}` in text or arguments becomes the link of the
 * latest get_authentication_link result the agent sent back in the request.
 */
import type { ModelTurn } from '../scenario-schema.js';
import {
  ChatCompletionRequest,
  encodeChatCompletionStream,
  latestAuthLink,
  offeredTools,
  sseResponse as sse,
} from '../../kit/openai-wire.js';

const PLACEHOLDER = /\{\{\s*auth_link\s*\}\}/g;

function fill(value: unknown, link: string | undefined, missing: () => void): unknown {
  if (typeof value === 'string')
    return value.replace(PLACEHOLDER, () => {
      if (link) return link;
      missing();
      return '{{auth_link}}';
    });
  if (Array.isArray(value)) return value.map((v) => fill(v, link, missing));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, link, missing)]));
  return value;
}

export interface ObservedLlmRequest {
  n: number;
  tools: { name: string; description: string }[];
}

export class ScriptedModel {
  private queue: { turn: ModelTurn; step: number }[] = [];
  private count = 0;
  /** Problems the scenario should fail with (a turn missing, a placeholder with no link). */
  readonly problems: string[] = [];
  readonly requests: ObservedLlmRequest[] = [];

  /** Queues the model turns for the user message of step `step` (0-based). */
  enqueue(step: number, turns: readonly ModelTurn[]): void {
    for (const turn of turns) this.queue.push({ turn, step });
  }

  /** Turns queued but not requested by the agent (the agent stopped early). */
  unused(): { step: number; count: number }[] {
    const out = new Map<number, number>();
    for (const q of this.queue) out.set(q.step, (out.get(q.step) ?? 0) + 1);
    return [...out].map(([step, count]) => ({ step, count }));
  }

  clearQueue(): void {
    this.queue = [];
  }

  readonly handle = async (request: Request): Promise<Response> => {
    const n = ++this.count;
    const parsed = ChatCompletionRequest.safeParse(await request.json().catch(() => undefined));
    if (!parsed.success) {
      this.problems.push(`scripted model: request ${n} is not a Chat Completions request`);
      return new Response(JSON.stringify({ error: { message: 'not a chat completions request' } }), { status: 400 });
    }
    this.requests.push({ n, tools: offeredTools(parsed.data) });
    const next = this.queue.shift();
    if (!next) {
      this.problems.push(
        `scripted model: request ${n} has no scripted turn left (the agent asked the model once more than the scenario scripts)`,
      );
      return sse(encodeChatCompletionStream({ id: `chatcmpl-scripted-${n}`, model: parsed.data.model, text: '' }));
    }
    const link = latestAuthLink(parsed.data);
    const missing = () =>
      this.problems.push(
        `scripted model: step ${next.step + 1} uses {{auth_link}} but no get_authentication_link result carried a link`,
      );
    const text = fill(next.turn.text ?? '', link, missing) as string;
    const toolCalls = (next.turn.tool_calls ?? []).map((c, i) => ({
      id: `call_${n}_${i + 1}`,
      name: c.name,
      arguments: JSON.stringify(fill(c.args, link, missing)),
    }));
    return sse(encodeChatCompletionStream({ id: `chatcmpl-scripted-${n}`, model: parsed.data.model, text, toolCalls }));
  };
}
