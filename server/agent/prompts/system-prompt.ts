/**
 * The system prompt lives in a plain markdown file so prompt engineers can edit it; it is re-read
 * whenever the file's modification time changes, so edits apply to the next chat turn without a restart.
 */
import { readFileSync, statSync } from 'node:fs';

export interface SystemPromptSource {
  /** The current prompt text (cached; re-read after the file changes). */
  get(): string;
}

export function systemPromptFile(path: string): SystemPromptSource {
  let cached: { mtimeMs: number; size: number; text: string } | undefined;
  return {
    get() {
      const st = statSync(path);
      if (!cached || cached.mtimeMs !== st.mtimeMs || cached.size !== st.size) {
        cached = { mtimeMs: st.mtimeMs, size: st.size, text: readFileSync(path, 'utf8').trim() };
      }
      return cached.text;
    },
  };
}
