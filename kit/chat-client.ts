/**
 * The test kit's chat client for the agent server's `/api/chat`, driven the way the page's `useChat`
 * drives it: the AI SDK's own `DefaultChatTransport` posts the whole conversation and parses the UI
 * message stream (SSE, validated against the SDK's chunk schema), and `readUIMessageStream` builds the
 * assistant message to send back next turn. Every chunk is kept in order with the time it arrived, so
 * callers read tool parts, data parts (`data-chat-error` with its code) and errors as they were sent.
 *
 * `sendChat` is one turn; `Conversation` keeps a test's history; `ChatClient` is the harness's signed-in
 * user with a turn deadline.
 */
import { DefaultChatTransport, readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import { randomBytes } from 'node:crypto';
import { readToolOutput } from '../harness/match.js';
import { CHAT_ERROR_PART, ChatErrorData, type ChatErrorCode } from '../server/shared/contracts.js';

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
  /** Every UI message chunk of the reply, in order. */
  chunks: UIMessageChunk[];
  /** Text, tool calls, tool results and errors in the order they streamed, each with its arrival time. */
  events: ChatEvent[];
  /** The assistant message as the browser would keep it, for the next request. */
  assistant: UIMessage | undefined;
  /** The assistant's text parts, joined. */
  text: string;
  toolCalls: Array<{ name: string; input: unknown }>;
  toolOutputs: Array<{ name: string; output: unknown; errorText?: string }>;
  /** Error chunks and stream failures, as messages. */
  errors: string[];
  /** Data parts (`data-*` chunks, transient ones included), in order. */
  data: Array<{ type: string; data: unknown }>;
  /** The codes of the agent's `data-chat-error` parts (contracts.ts ChatErrorCode). */
  chatErrors: ChatErrorCode[];
}

export interface SendChatOptions {
  chatId: string;
  /** The whole conversation, ending with the new user message. */
  messages: UIMessage[];
  /** The Cookie header of a signed-in session (signIn). */
  cookie: string;
  /** A model name for this request (`openai:NAME`, `demo`); the agent's default without one. */
  model?: string;
  /** Aborts the request and the stream; sendChat then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The clock events are stamped with (the harness's run clock); `Date.now` by default. */
  now?: () => number;
}

/** `POST /api/session`; returns the session's Cookie header value. */
export async function signIn(agentUrl: string, user: string, password = user): Promise<string> {
  const res = await fetch(`${agentUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${user} failed: HTTP ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter(Boolean)
    .join('; ');
}

/** Turns chunks into ordered events; text between tool parts and steps becomes one event. */
class EventLog {
  readonly events: ChatEvent[] = [];
  private readonly names = new Map<string, string>();
  private text = '';

  constructor(private readonly now: () => number) {}

  add(chunk: UIMessageChunk): void {
    const at = this.now();
    switch (chunk.type) {
      case 'text-delta':
        this.text += chunk.delta;
        break;
      case 'tool-input-available':
      case 'tool-input-error':
        this.flush();
        this.names.set(chunk.toolCallId, chunk.toolName);
        this.events.push({ type: 'tool-call', id: chunk.toolCallId, name: chunk.toolName, args: chunk.input, at });
        if (chunk.type === 'tool-input-error') this.failed(chunk.toolCallId, chunk.errorText, at);
        break;
      case 'tool-output-available': {
        if (chunk.preliminary) break;
        const out = readToolOutput(chunk.output);
        const name = this.names.get(chunk.toolCallId) ?? '?';
        this.events.push({ type: 'tool-result', id: chunk.toolCallId, name, output: chunk.output, ...out, at });
        break;
      }
      case 'tool-output-error':
        this.failed(chunk.toolCallId, chunk.errorText, at);
        break;
      case 'error':
        this.flush();
        this.events.push({ type: 'error', message: chunk.errorText, at });
        break;
      case 'finish-step':
      case 'finish':
        this.flush();
        break;
      default:
        break;
    }
  }

  /** A stream that failed (bad chunk, dropped connection) ends the turn with an error event. */
  streamFailed(message: string): void {
    this.flush();
    this.events.push({ type: 'error', message, at: this.now() });
  }

  flush(): void {
    if (this.text) this.events.push({ type: 'text', text: this.text, at: this.now() });
    this.text = '';
  }

  private failed(id: string, errorText: string, at: number): void {
    const name = this.names.get(id) ?? '?';
    this.events.push({
      type: 'tool-result',
      id,
      name,
      output: undefined,
      text: errorText,
      json: undefined,
      isError: true,
      at,
    });
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * One turn: posts the conversation through the AI SDK's transport and reads the reply stream. Rejects
 * when the agent refuses the request (`/api/chat answered HTTP 403: ...`) or `signal` aborts; a stream
 * that fails midway is a turn with an error, as the page shows it.
 */
export async function sendChat(agentUrl: string, opts: SendChatOptions): Promise<ChatTurn> {
  const now = opts.now ?? Date.now;
  let status = 0;
  const transport = new DefaultChatTransport<UIMessage>({
    api: `${agentUrl}/api/chat`,
    headers: { cookie: opts.cookie },
    body: opts.model ? { model: opts.model } : {},
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      status = res.status;
      return res;
    },
  });
  let stream: ReadableStream<UIMessageChunk>;
  try {
    stream = await transport.sendMessages({
      chatId: opts.chatId,
      messages: opts.messages,
      trigger: 'submit-message',
      messageId: undefined,
      abortSignal: opts.signal,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw new Error(status ? `/api/chat answered HTTP ${status}: ${message(err).slice(0, 500)}` : message(err));
  }
  const chunks: UIMessageChunk[] = [];
  const log = new EventLog(now);
  const recorded = stream.pipeThrough(
    new TransformStream<UIMessageChunk, UIMessageChunk>({
      transform(chunk, controller) {
        chunks.push(chunk);
        log.add(chunk);
        controller.enqueue(chunk);
      },
    }),
  );
  let assistant: UIMessage | undefined;
  const errors: string[] = [];
  try {
    for await (const m of readUIMessageStream({ stream: recorded, onError: (e) => errors.push(String(e)) }))
      assistant = m;
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    errors.push(message(e));
    log.streamFailed(message(e));
  }
  // readUIMessageStream hands an aborted read to onError and ends quietly: the caller's abort still rejects.
  if (opts.signal?.aborted) throw opts.signal.reason;
  log.flush();
  for (const c of chunks) if (c.type === 'error') errors.push(c.errorText);
  const data = chunks.flatMap((c) =>
    c.type.startsWith('data-') && 'data' in c ? [{ type: c.type, data: c.data }] : [],
  );
  const parts = assistant?.parts ?? [];
  return {
    chunks,
    events: log.events,
    assistant,
    errors,
    data,
    chatErrors: data.flatMap((d) => (d.type === CHAT_ERROR_PART ? [ChatErrorData.parse(d.data).code] : [])),
    text: parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join(' '),
    toolCalls: parts.flatMap((p) => (p.type === 'dynamic-tool' ? [{ name: p.toolName, input: p.input }] : [])),
    toolOutputs: parts.flatMap((p) =>
      p.type === 'dynamic-tool' && (p.state === 'output-available' || p.state === 'output-error')
        ? [
            {
              name: p.toolName,
              output: p.state === 'output-available' ? p.output : undefined,
              ...(p.state === 'output-error' ? { errorText: p.errorText } : {}),
            },
          ]
        : [],
    ),
  };
}

/** A test's conversation, driven the way useChat drives it: the whole history each turn. */
export class Conversation {
  readonly messages: UIMessage[] = [];
  private n = 0;

  constructor(
    private readonly agentUrl: string,
    private readonly cookie: string,
    readonly id = `conv-${randomBytes(6).toString('hex')}`,
    private readonly model?: string,
  ) {}

  /** Sends `text` as the next user message; the reply joins the history. */
  async send(text: string, opts: { signal?: AbortSignal } = {}): Promise<ChatTurn> {
    this.messages.push({ id: `u${++this.n}`, role: 'user', parts: [{ type: 'text', text }] });
    const turn = await sendChat(this.agentUrl, {
      chatId: this.id,
      messages: this.messages,
      cookie: this.cookie,
      ...(this.model ? { model: this.model } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (turn.assistant) this.messages.push(turn.assistant);
    return turn;
  }
}

/** How long one agent turn may take before the harness gives up on it (tool calls are bounded by the agent; the model is not). */
export const TURN_TIMEOUT_MS = 300_000;

/** The harness's signed-in user: one session cookie, and a deadline on every turn. */
export class ChatClient {
  private cookie = '';

  constructor(
    readonly baseUrl: string,
    readonly user: string,
    readonly turnTimeoutMs = TURN_TIMEOUT_MS,
  ) {}

  /** `POST /api/session`; keeps the session cookie. */
  async signIn(password: string): Promise<void> {
    this.cookie = await signIn(this.baseUrl, this.user, password);
  }

  /** Sends the whole conversation (ending with the new user message) and reads the reply stream. */
  async send(chatId: string, messages: UIMessage[], now: () => number, model?: string): Promise<ChatTurn> {
    const signal = AbortSignal.timeout(this.turnTimeoutMs);
    try {
      return await sendChat(this.baseUrl, {
        chatId,
        messages,
        cookie: this.cookie,
        now,
        signal,
        ...(model ? { model } : {}),
      });
    } catch (err) {
      if (signal.aborted) throw new Error(`the agent's turn did not finish within ${this.turnTimeoutMs / 1000} s`);
      throw err;
    }
  }
}
