/**
 * Talks to the real agent server over HTTP like the browser does: signs in (session cookie), posts
 * the AI SDK chat request to /api/chat and reads the UI message stream (SSE) into ordered events
 * (text, tool calls, tool results, errors) plus the assistant UIMessage to send back next turn.
 */
import { readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import { readToolOutput } from './match.js';

export type ChatEvent =
  | { type: 'text'; text: string; at: number }
  | { type: 'tool-call'; id: string; name: string; args: unknown; at: number }
  | {
      type: 'tool-result';
      id: string;
      name: string;
      output: unknown;
      text: string;
      json: unknown;
      isError: boolean;
      at: number;
    }
  | { type: 'error'; message: string; at: number };

export interface ChatTurn {
  events: ChatEvent[];
  /** The assistant message as the browser would keep it, for the next request. */
  assistant: UIMessage | undefined;
}

/** Parses an SSE body into its `data:` payloads (JSON chunks; `[DONE]` ends the stream). */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = body.getReader();
  for (;;) {
    const { done, value: bytes } = await reader.read();
    if (done) return;
    buffer += decoder.decode(bytes, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = event
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data === '[DONE]') return;
      if (data) yield data;
    }
  }
}

/** How long one agent turn may take before the harness gives up on it (tool calls are bounded by the agent; the model is not). */
export const TURN_TIMEOUT_MS = 300_000;

export class ChatClient {
  private cookie = '';

  constructor(
    readonly baseUrl: string,
    readonly user: string,
    readonly turnTimeoutMs = TURN_TIMEOUT_MS,
  ) {}

  /** `POST /api/session`; keeps the session cookie. */
  async signIn(password: string): Promise<void> {
    const res = await fetch(`${this.baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: this.user, password }),
    });
    if (!res.ok) throw new Error(`sign-in of ${this.user} failed: HTTP ${res.status} ${await res.text()}`);
    this.cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0] ?? '')
      .filter(Boolean)
      .join('; ');
  }

  /** Sends the whole conversation (ending with the new user message) and reads the reply stream. */
  async send(chatId: string, messages: UIMessage[], now: () => number, model?: string): Promise<ChatTurn> {
    const signal = AbortSignal.timeout(this.turnTimeoutMs);
    try {
      return await this.turn(chatId, messages, now, model, signal);
    } catch (err) {
      if (signal.aborted) throw new Error(`the agent's turn did not finish within ${this.turnTimeoutMs / 1000} s`);
      throw err;
    }
  }

  private async turn(
    chatId: string,
    messages: UIMessage[],
    now: () => number,
    model: string | undefined,
    signal: AbortSignal,
  ): Promise<ChatTurn> {
    const res = await fetch(`${this.baseUrl}/api/chat`, {
      signal,
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: this.cookie },
      body: JSON.stringify({ id: chatId, messages, ...(model ? { model } : {}) }),
    });
    if (!res.ok || !res.body)
      throw new Error(`/api/chat answered HTTP ${res.status}: ${(await res.text()).slice(0, 500)}`);
    const events: ChatEvent[] = [];
    const names = new Map<string, string>();
    const chunks: UIMessageChunk[] = [];
    let text = '';
    const flush = () => {
      if (text) events.push({ type: 'text', text, at: now() });
      text = '';
    };
    for await (const data of sseData(res.body)) {
      let chunk: UIMessageChunk;
      try {
        chunk = JSON.parse(data) as UIMessageChunk;
      } catch {
        events.push({ type: 'error', message: `unparsable stream chunk: ${data.slice(0, 200)}`, at: now() });
        continue;
      }
      chunks.push(chunk);
      switch (chunk.type) {
        case 'text-delta':
          text += chunk.delta;
          break;
        case 'tool-input-available':
        case 'tool-input-error':
          flush();
          names.set(chunk.toolCallId, chunk.toolName);
          events.push({ type: 'tool-call', id: chunk.toolCallId, name: chunk.toolName, args: chunk.input, at: now() });
          if (chunk.type === 'tool-input-error')
            events.push({
              type: 'tool-result',
              id: chunk.toolCallId,
              name: chunk.toolName,
              output: undefined,
              text: chunk.errorText,
              json: undefined,
              isError: true,
              at: now(),
            });
          break;
        case 'tool-output-available': {
          if (chunk.preliminary) break;
          const out = readToolOutput(chunk.output);
          events.push({
            type: 'tool-result',
            id: chunk.toolCallId,
            name: names.get(chunk.toolCallId) ?? '?',
            output: chunk.output,
            text: out.text,
            json: out.json,
            isError: out.isError,
            at: now(),
          });
          break;
        }
        case 'tool-output-error':
          events.push({
            type: 'tool-result',
            id: chunk.toolCallId,
            name: names.get(chunk.toolCallId) ?? '?',
            output: undefined,
            text: chunk.errorText,
            json: undefined,
            isError: true,
            at: now(),
          });
          break;
        case 'error':
          flush();
          events.push({ type: 'error', message: chunk.errorText, at: now() });
          break;
        case 'finish-step':
        case 'finish':
          flush();
          break;
        default:
          break;
      }
    }
    flush();
    return { events, assistant: await toMessage(chunks) };
  }
}

async function toMessage(chunks: UIMessageChunk[]): Promise<UIMessage | undefined> {
  const stream = new ReadableStream<UIMessageChunk>({
    start(c) {
      for (const ch of chunks) c.enqueue(ch);
      c.close();
    },
  });
  let last: UIMessage | undefined;
  for await (const m of readUIMessageStream({ stream, terminateOnError: false })) last = m;
  return last;
}
