/** Helpers of the harness CLI tests: the CLI with everything it prints captured, and a model host for a file. */
import { afterAll, beforeAll } from 'vitest';
import { main } from '../../../harness/cli.js';
import { registerLlmHost, stopLlmServer, type LlmHandler } from '../../../harness/models/llm-server.js';

/** Runs the CLI in this process; `out` is stdout and stderr as printed, in order. */
export async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const write = (s: string) => void (out += s);
  const code = await main(args, write, write);
  return { code, out };
}

/**
 * Serves `handler` as the OpenAI-compatible endpoint of every `openai:` model in this file: registers
 * a host before the file's tests and points OPENAI_BASE_URL / OPENAI_API_KEY at it, then puts both
 * variables back as they were.
 */
export function useOpenAiHost(kind: string, handler: LlmHandler, apiKey: string): void {
  let host: Awaited<ReturnType<typeof registerLlmHost>> | undefined;
  const saved = { OPENAI_BASE_URL: process.env.OPENAI_BASE_URL, OPENAI_API_KEY: process.env.OPENAI_API_KEY };
  beforeAll(async () => {
    host = await registerLlmHost(kind, handler);
    process.env.OPENAI_BASE_URL = host.baseURL;
    process.env.OPENAI_API_KEY = apiKey;
  });
  afterAll(async () => {
    host?.dispose();
    await stopLlmServer();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}
