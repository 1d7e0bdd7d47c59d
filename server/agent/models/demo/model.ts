/**
 * `demo`: a deterministic, offline language model implementing the AI SDK's LanguageModelV3, so the
 * agent code is the same for every model. It reads the prompt and the offered tools, asks the planner
 * for the next step, and streams it: text in small deltas, then at most one tool call.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import { systemClock, type Clock } from '../../../shared/clock.js';
import { readConversation } from './conversation.js';
import { decide, type Decision } from './planner.js';
import { offeredTools } from './tools.js';

export const DEMO_MODEL_ID = 'demo';

export interface DemoModelOptions {
  /** Pause between streamed text chunks, so the page shows typing; 0 in tests. Default 8 ms. */
  chunkDelayMs?: number;
  /** Times the pauses (default the system clock). */
  clock?: Clock;
}

function usage(input: number, output: number): LanguageModelV3Usage {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

/** Splits text into small deltas (a few words each, whitespace kept) so it streams like a model. */
export function chunkText(text: string, wordsPerChunk = 3): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const leading = /^\s*/.exec(text)?.[0] ?? '';
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) chunks.push(words.slice(i, i + wordsPerChunk).join(''));
  if (leading && chunks.length > 0) chunks[0] = leading + chunks[0];
  return chunks;
}

function promptSize(options: LanguageModelV3CallOptions): number {
  return Math.ceil(JSON.stringify(options.prompt).length / 4);
}

function nextStep(options: LanguageModelV3CallOptions): { decision: Decision; callId: string } {
  const view = readConversation(options.prompt);
  const decision = decide(view, offeredTools(options.tools));
  // Deterministic ids: the user turn and step number identify the call.
  const callId = `demo-call-${view.userTexts.length}-${view.turn.length + 1}`;
  return { decision, callId };
}

function finishReason(decision: Decision): LanguageModelV3FinishReason {
  return decision.call ? { unified: 'tool-calls', raw: 'tool_calls' } : { unified: 'stop', raw: 'stop' };
}

/** Waits between chunks; removes its abort listener when the timer fires so long replies don't pile them up. */
const sleep = (ms: number, signal: AbortSignal | undefined, clock: Clock) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const onAbort = () => (t.cancel(), resolve());
    const t = clock.after(ms, () => (signal?.removeEventListener('abort', onAbort), resolve()));
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Creates the offline demo model. */
export function createDemoModel(opts: DemoModelOptions = {}): LanguageModelV3 {
  const delay = opts.chunkDelayMs ?? 8;
  const clock = opts.clock ?? systemClock;
  return {
    specificationVersion: 'v3',
    provider: 'navigator-demo',
    modelId: DEMO_MODEL_ID,
    supportedUrls: {},

    async doGenerate(options) {
      const { decision, callId } = nextStep(options);
      const content: LanguageModelV3Content[] = [];
      if (decision.text) content.push({ type: 'text', text: decision.text });
      if (decision.call)
        content.push({
          type: 'tool-call',
          toolCallId: callId,
          toolName: decision.call.toolName,
          input: JSON.stringify(decision.call.input),
        });
      return {
        content,
        finishReason: finishReason(decision),
        usage: usage(promptSize(options), Math.ceil((decision.text ?? '').length / 4)),
        warnings: [],
      };
    },

    async doStream(options) {
      const { decision, callId } = nextStep(options);
      const signal = options.abortSignal;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
          controller.enqueue({ type: 'response-metadata', modelId: DEMO_MODEL_ID, timestamp: new Date() });
          if (decision.text) {
            const id = `${callId}-text`;
            controller.enqueue({ type: 'text-start', id });
            for (const delta of chunkText(decision.text)) {
              if (signal?.aborted) break;
              controller.enqueue({ type: 'text-delta', id, delta });
              await sleep(delay, signal, clock);
            }
            controller.enqueue({ type: 'text-end', id });
          }
          if (decision.call && !signal?.aborted) {
            const input = JSON.stringify(decision.call.input);
            controller.enqueue({ type: 'tool-input-start', id: callId, toolName: decision.call.toolName });
            controller.enqueue({ type: 'tool-input-delta', id: callId, delta: input });
            controller.enqueue({ type: 'tool-input-end', id: callId });
            controller.enqueue({ type: 'tool-call', toolCallId: callId, toolName: decision.call.toolName, input });
          }
          controller.enqueue({
            type: 'finish',
            finishReason: finishReason(decision),
            usage: usage(promptSize(options), Math.ceil((decision.text ?? '').length / 4)),
          });
          controller.close();
        },
      });
      return { stream };
    },
  };
}
