/**
 * `POST /api/chat`: one agent turn. Validates the AI SDK chat request, resolves the model, gets the
 * conversation's navigator tools, runs `streamText` (multi-step, bounded) and streams the AI SDK UI
 * message stream back. The conversation is stored for the history; every step goes to the transcript; every failure ends the stream with a clear
 * error message instead of a hang.
 */
import {
  convertToModelMessages,
  createUIMessageStream,
  pipeUIMessageStreamToResponse,
  safeValidateUIMessages,
  stepCountIs,
  streamText,
  type LanguageModel,
  type UIMessage,
  type UIMessageChunk,
} from 'ai';
import { Router, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CHAT_ERROR_PART, ChatRequest } from '../shared/contracts.js';
import type { ChatErrorCode, ChatErrorData } from '../shared/contracts.js';
import { HttpError } from '../shared/http.js';
import { chatErrorCode, describeChatError, describeNavigatorError } from './chat-errors.js';
import { ConversationCapError, type ConversationStore } from './conversations.js';
import type { NavigatorSessions } from './navigator-sessions.js';
import type { SystemPromptSource } from './prompts/system-prompt.js';
import type { TranscriptWriter } from './transcripts.js';
import { currentUser, requireUser } from './user-session.js';

export const MAX_STEPS = 10;

export interface ChatDeps {
  sessions: NavigatorSessions;
  transcripts: TranscriptWriter;
  /** Where each turn's messages are stored for the history (before the model runs and when the answer ends). */
  conversations: ConversationStore;
  systemPrompt: SystemPromptSource;
  defaultModel: string;
  /** Builds the model for a name; throws (ModelConfigError) when it cannot. */
  resolveModel: (name: string) => LanguageModel;
  modelMaxRetries: number;
  log: (line: string) => void;
}

/**
 * Answers with a UI message stream that carries only an error, for failures before the model runs:
 * a transient `data-chat-error` part with the stable code (contracts.ts ChatErrorCode), then the text.
 */
function streamOnlyError(res: Response, errorText: string, code: ChatErrorCode): void {
  const stream = createUIMessageStream({
    execute: ({ writer }) => {
      writer.write({ type: CHAT_ERROR_PART, data: { code } satisfies ChatErrorData, transient: true });
      writer.write({ type: 'error', errorText });
    },
  });
  void pipeUIMessageStreamToResponse({ response: res, stream });
}

/** Puts a transient `data-chat-error` part with the error's code before each stream-level error chunk. */
function withErrorCodes(codes: ReadonlyMap<string, ChatErrorCode>): TransformStream<UIMessageChunk, UIMessageChunk> {
  return new TransformStream({
    transform(chunk, controller) {
      if (chunk.type === 'error') {
        const data: ChatErrorData = { code: codes.get(chunk.errorText) ?? 'internal' };
        controller.enqueue({ type: CHAT_ERROR_PART, data, transient: true });
      }
      controller.enqueue(chunk);
    },
  });
}

function lastUserText(messages: UIMessage[]): string {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return (last?.parts ?? [])
    .map((p) => (p.type === 'text' ? p.text : ''))
    .join(' ')
    .trim();
}

export function chatRoutes(deps: ChatDeps): Router {
  const router = Router();

  router.post('/api/chat', requireUser, async (req, res) => {
    const user = currentUser(res);
    const body = ChatRequest.safeParse(req.body);
    if (!body.success)
      throw new HttpError(
        'bad_request',
        'Send the AI SDK chat request: {"id": "...", "messages": [...], "model"?: "..."}',
        body.error.issues,
      );
    const validated = await safeValidateUIMessages({ messages: body.data.messages });
    if (!validated.success)
      throw new HttpError('bad_request', `Invalid chat messages: ${validated.error.message.slice(0, 300)}`);
    const messages = validated.data;
    const conversationId = body.data.id;
    const modelName = body.data.model ?? deps.defaultModel;
    const owner = deps.conversations.ownerOf(conversationId) ?? deps.sessions.ownerOf(conversationId);
    if (owner !== undefined && owner !== user)
      throw new HttpError('forbidden', 'This conversation belongs to another user; start a new conversation.');
    // Stored before the model runs, so a reload mid-answer still shows the question; a new one past the cap is refused.
    try {
      deps.conversations.save(conversationId, user, messages);
    } catch (err) {
      if (err instanceof ConversationCapError) throw new HttpError('too_many_requests', err.message);
      throw err;
    }

    let model: LanguageModel;
    try {
      model = deps.resolveModel(modelName);
    } catch (err) {
      return streamOnlyError(res, describeChatError(err), chatErrorCode(err));
    }

    const started = Date.now();
    void deps.transcripts.append(conversationId, {
      type: 'turn_start',
      conversationId,
      user,
      model: modelName,
      userMessage: lastUserText(messages),
    });

    let tools;
    try {
      tools = await deps.sessions.tools(conversationId, user);
    } catch (err) {
      const message = `Could not open the navigator session, so I have no tools right now. ${describeNavigatorError(err, deps.sessions.navigatorUrl)}`;
      void deps.transcripts.append(conversationId, { type: 'error', message });
      return streamOnlyError(res, message, 'navigator_unavailable');
    }

    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let released = false;
    const release = () => {
      if (!released) deps.sessions.release(conversationId);
      released = true;
    };

    let stepStarted = started;
    let steps = 0;
    try {
      const result = streamText({
        model,
        system: deps.systemPrompt.get(),
        messages: await convertToModelMessages(messages, { tools, ignoreIncompleteToolCalls: true }),
        tools,
        stopWhen: stepCountIs(MAX_STEPS),
        maxRetries: deps.modelMaxRetries,
        abortSignal: abort.signal,
        onStepFinish: (step) => {
          const now = Date.now();
          steps++;
          const errors = step.content.flatMap((p) =>
            p.type === 'tool-error'
              ? [{ toolCallId: p.toolCallId, toolName: p.toolName, output: describeChatError(p.error), isError: true }]
              : [],
          );
          void deps.transcripts.append(conversationId, {
            type: 'step',
            step: steps,
            durationMs: now - stepStarted,
            text: step.text,
            toolCalls: step.toolCalls.map((c) => ({
              toolCallId: c.toolCallId,
              toolName: c.toolName,
              input: c.input as unknown,
            })),
            toolResults: [
              ...step.toolResults.map((r) => ({
                toolCallId: r.toolCallId,
                toolName: r.toolName,
                output: r.output as unknown,
                isError:
                  typeof r.output === 'object' &&
                  r.output !== null &&
                  (r.output as { isError?: unknown }).isError === true,
              })),
              ...errors,
            ],
            finishReason: step.finishReason,
            usage: { inputTokens: step.usage.inputTokens, outputTokens: step.usage.outputTokens },
          });
          stepStarted = now;
        },
        onError: ({ error }) => {
          const message = describeChatError(error);
          deps.log(`chat ${conversationId}: ${message}`);
          void deps.transcripts.append(conversationId, { type: 'error', message });
        },
        onFinish: (event) => {
          release();
          void deps.transcripts.append(conversationId, {
            type: 'turn_end',
            durationMs: Date.now() - started,
            steps,
            finishReason: event.finishReason,
          });
        },
        onAbort: () => release(),
      });
      // The stream's own error (not a tool's) is preceded by its stable code, found by the exact text
      // its chunk carries (the SDK may report the same chunk again as a plain Error of that text).
      const codes = new Map<string, ChatErrorCode>();
      const ui = result.toUIMessageStream({
        originalMessages: messages,
        messageMetadata: ({ part }) => (part.type === 'start' ? { model: modelName } : undefined),
        onError: (error) => {
          const text = describeChatError(error);
          if (!codes.has(text)) codes.set(text, chatErrorCode(error));
          return text;
        },
        // Server-made ids, so the stored messages and the page's agree after a reload.
        generateMessageId: () => randomUUID(),
        onFinish: ({ messages: finished }) => {
          release();
          // After the stream has ended, so the write never delays the reply's last bytes.
          setImmediate(() => {
            try {
              deps.conversations.save(conversationId, user, finished);
            } catch (err) {
              deps.log(
                `chat ${conversationId}: could not store the conversation: ${err instanceof Error ? err.message : String(err)}`,
              );
            }
          });
        },
      });
      void pipeUIMessageStreamToResponse({ response: res, stream: ui.pipeThrough(withErrorCodes(codes)) });
    } catch (err) {
      release();
      if (res.headersSent) res.end();
      else streamOnlyError(res, describeChatError(err), chatErrorCode(err));
    }
  });

  return router;
}
