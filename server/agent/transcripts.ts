/**
 * Conversation transcripts: one JSON object per line in `{dir}/{conversationId}.jsonl`, appended as
 * the turn happens (user message, every step's tool calls, results and text, timings, model, user),
 * so a run can be inspected, replayed or turned into a scenario. Secrets are scrubbed first.
 * Transcripts hold message text (DMs included): the directory is 0700 and each file 0600.
 */
import { appendFile, chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { scrubSecrets } from './scrub.js';

export type TranscriptEntry =
  | { type: 'turn_start'; conversationId: string; user: string; model: string; userMessage: string }
  | {
      type: 'step';
      step: number;
      durationMs: number;
      text: string;
      toolCalls: Array<{ toolCallId: string; toolName: string; input: unknown }>;
      toolResults: Array<{ toolCallId: string; toolName: string; output: unknown; isError: boolean }>;
      finishReason: string;
      usage: { inputTokens?: number; outputTokens?: number };
    }
  | { type: 'turn_end'; durationMs: number; steps: number; finishReason?: string }
  | { type: 'error'; message: string };

/** File-safe conversation ids only: anything else is hashed into the name. */
export function transcriptFileName(conversationId: string): string {
  return /^[A-Za-z0-9_-]{1,120}$/.test(conversationId)
    ? `${conversationId}.jsonl`
    : `${Buffer.from(conversationId).toString('base64url').slice(0, 120)}.jsonl`;
}

export class TranscriptWriter {
  private queue: Promise<void> = Promise.resolve();
  private ready: Promise<void> | undefined;
  /** Lines waiting for their file's next write, so a burst of entries costs one open/append/close. */
  private readonly pending = new Map<string, string>();

  constructor(
    private readonly dir: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Appends one entry (with a timestamp); writes are serialized, in order, and never throw into the chat. */
  append(conversationId: string, entry: TranscriptEntry): Promise<void> {
    const line = `${JSON.stringify(scrubSecrets({ at: new Date().toISOString(), ...entry }))}\n`;
    const file = join(this.dir, transcriptFileName(conversationId));
    const queued = this.pending.get(file);
    this.pending.set(file, (queued ?? '') + line);
    if (queued !== undefined) return this.queue;
    // chmod too: mkdir's mode does not apply to a directory that already exists.
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 }).then(() => chmod(this.dir, 0o700));
    this.queue = this.queue
      .then(() => this.ready)
      .then(() => {
        const text = this.pending.get(file) ?? '';
        this.pending.delete(file);
        return appendFile(file, text, { encoding: 'utf8', mode: 0o600 });
      })
      .catch((err: unknown) =>
        this.log(`transcript write failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    return this.queue;
  }

  /** Resolves when every queued write has finished. */
  flush(): Promise<void> {
    return this.queue;
  }
}
