/**
 * Model names → AI SDK language models. `demo` is the offline demo model; `openai:<model>` uses
 * @ai-sdk/openai's Chat Completions API (what every OpenAI-compatible server speaks: OpenAI,
 * Ollama, vLLM, LM Studio). Configuration problems are ModelConfigError with a message for people.
 */
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModel } from 'ai';
import type { Clock } from '../../shared/clock.js';
import { createDemoModel, DEMO_MODEL_ID } from './demo/model.js';

export class ModelConfigError extends Error {
  override name = 'ModelConfigError';
}

export interface ModelSettings {
  openai?: { apiKey?: string; baseURL?: string };
  demoChunkDelayMs?: number;
  /** Times the demo model's pauses (default the system clock). */
  demoClock?: Clock;
}

export interface ModelInfo {
  id: string;
  label: string;
  offline: boolean;
}

const OPENAI_PREFIX = 'openai:';

/** Checks a model name against the settings without building it; throws ModelConfigError. */
export function checkModelName(name: string, settings: ModelSettings): void {
  if (name === DEMO_MODEL_ID) return;
  if (!name.startsWith(OPENAI_PREFIX) || name.length === OPENAI_PREFIX.length) {
    throw new ModelConfigError(`Unknown model "${name}". Use "demo" or "openai:<model>", e.g. "openai:gpt-4o-mini".`);
  }
  if (!settings.openai?.apiKey && !settings.openai?.baseURL) {
    throw new ModelConfigError(
      `The model "${name}" needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server). Set it and restart, or use the offline "demo" model.`,
    );
  }
}

/** The built-in resolver: `demo` and `openai:<model>`. */
export function createModelResolver(settings: ModelSettings): (name: string) => LanguageModel {
  let openai: ReturnType<typeof createOpenAI> | undefined;
  return (name) => {
    checkModelName(name, settings);
    if (name === DEMO_MODEL_ID)
      return createDemoModel({ chunkDelayMs: settings.demoChunkDelayMs, clock: settings.demoClock });
    // Local servers (Ollama, LM Studio) ignore the key, but the provider insists on one.
    openai ??= createOpenAI({
      apiKey: settings.openai?.apiKey ?? 'not-needed-for-local-server',
      baseURL: settings.openai?.baseURL,
    });
    return openai.chat(name.slice(OPENAI_PREFIX.length));
  };
}

export function modelLabel(name: string, settings: ModelSettings): ModelInfo {
  if (name === DEMO_MODEL_ID) return { id: name, label: 'Offline demo model', offline: true };
  if (!name.startsWith(OPENAI_PREFIX)) return { id: name, label: name, offline: false };
  const id = name.slice(OPENAI_PREFIX.length);
  const base = settings.openai?.baseURL;
  const host = base && URL.canParse(base) ? new URL(base).host : base;
  return { id: name, label: host ? `${id} (OpenAI-compatible, ${host})` : `OpenAI ${id}`, offline: false };
}

/** The models the page offers: demo, the default, and any extra configured names, without duplicates. */
export function listModels(
  defaultModel: string,
  extra: string[],
  settings: ModelSettings,
): { default: string; models: ModelInfo[] } {
  const names = [...new Set([DEMO_MODEL_ID, defaultModel, ...extra])];
  return { default: defaultModel, models: names.map((n) => modelLabel(n, settings)) };
}
