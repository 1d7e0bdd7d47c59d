/**
 * The model a scenario run uses, handed to the agent server through its `resolveModel` seam:
 * `demo` (the agent's built-in offline model), `scripted` (the scenario's turns over msw),
 * `replay` (a cassette over msw) or `openai:NAME` (the network; `--record` writes a cassette).
 * Every model is wrapped to capture the tools the agent offers it (names and descriptions).
 */
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3, LanguageModelV3StreamPart, LanguageModelV3Usage } from '@ai-sdk/provider';
import { wrapLanguageModel, type LanguageModel } from 'ai';
import { join } from 'node:path';
import { createDemoModel } from '../../server/agent/models/demo/model.js';
import type { OfferedTools } from '../check.js';
import type { Scenario } from '../scenario-schema.js';
import { readCassette, Recorder, ReplayModel, writeCassette, type PlaceholderValues } from './cassette.js';
import { registerLlmHost } from './llm-server.js';
import { RateLimitTracker, retryingFetch, type RetryPolicy } from './retry.js';
import { ScriptedModel } from './scripted.js';

export const DEFAULT_CASSETTE_DIR = 'scenarios/cassettes';
export const SCRIPTED_MODEL_ID = 'scripted';

/** Models the simulated user can be: a real one, or the replay of its cassette. */
export function isUserModelName(name: string): boolean {
  return name === 'replay' || /^openai:.+/.test(name);
}

export function isModelName(name: string): boolean {
  return name === 'demo' || name === 'scripted' || name === 'replay' || /^openai:.+/.test(name);
}

/** File name of a scenario's cassette: its name as a slug. */
export function cassettePath(dir: string, scenarioName: string): string {
  return join(
    dir,
    `${scenarioName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}.json`,
  );
}

export interface ModelSetup {
  model: LanguageModel;
  scripted?: ScriptedModel;
  replay?: ReplayModel;
  /** Tools offered in the latest model call. */
  offered(): OfferedTools | undefined;
  /** Model calls so far. */
  calls(): number;
  /** Tokens the provider reported so far. */
  usage(): { input_tokens: number; output_tokens: number };
  /** 429 retries and whether one request gave up. */
  rateLimits: RateLimitTracker;
  /** Problems found so far (a missing scripted turn, a request the cassette does not match). */
  problems(): string[];
  /** Problems only known at the end: recorded requests the conversation never made. */
  leftovers(): string[];
  /** Writes the cassette when recording; unregisters the msw host. */
  finish(passed: boolean): string | undefined;
}

export interface ModelOptions {
  record?: boolean;
  cassetteDir?: string;
  env?: NodeJS.ProcessEnv;
  /** 429 handling of every model this run talks to (agent, judge, simulated user). */
  retry?: RetryPolicy;
}

export interface UserModelSetup {
  model: LanguageModelV3;
  /** Cassette mismatches so far. */
  problems(): string[];
  /** Writes the user model's cassette when recording a passing run; unregisters the msw host. */
  finish(passed: boolean): string | undefined;
}

/**
 * The simulated user's model: `openai:NAME` (recorded to `<cassettes>/<scenario>-user.json` with
 * `record`), or `replay` of that cassette through msw, like the agent's model.
 */
export async function userModelSetup(
  name: string,
  scenario: string,
  values: PlaceholderValues,
  tracker: RateLimitTracker,
  opts: ModelOptions & { record?: boolean } = {},
): Promise<UserModelSetup> {
  const dir = opts.cassetteDir ?? DEFAULT_CASSETTE_DIR;
  const path = cassettePath(dir, `${scenario} user`);
  if (name === 'replay') {
    const cassette = readCassette(path);
    const replay = new ReplayModel(cassette, values);
    const host = await registerLlmHost('user-replay', replay.handle);
    const model = createOpenAI({ apiKey: 'replay', baseURL: host.baseURL }).chat(cassette.model);
    return {
      model,
      problems: () => replay.problems.map((p) => `user model cassette: ${p}`),
      finish: () => {
        host.dispose();
        return undefined;
      },
    };
  }
  const recorder = opts.record ? new Recorder(values) : undefined;
  const env = opts.env ?? process.env;
  const id = name.slice('openai:'.length);
  if (!name.startsWith('openai:') || !id) throw new Error(`unknown user model "${name}": use openai:NAME or replay`);
  const { apiKey, baseURL } = endpointFor('user', env);
  if (!apiKey && !baseURL)
    throw new Error(
      `${name} needs USER_MODEL_OPENAI_API_KEY or OPENAI_API_KEY (or a *_BASE_URL for a local OpenAI-compatible server)`,
    );
  const retrying = retryingFetch(tracker, opts.retry);
  const model = createOpenAI({
    apiKey: apiKey ?? 'not-needed',
    baseURL,
    fetch: recorder ? recorder.wrap(retrying) : retrying,
  }).chat(id);
  return {
    model,
    problems: () => [],
    finish: (passed) => {
      if (!recorder || !passed) return undefined;
      writeCassette(path, recorder.cassette(scenario, id));
      return path;
    },
  };
}

/** Whose OpenAI-compatible endpoint: the judge and the simulated user may use their own server and key. */
export type EndpointRole = 'agent' | 'judge' | 'user';

const ENV_PREFIX: Record<EndpointRole, string> = { agent: 'OPENAI', judge: 'JUDGE_OPENAI', user: 'USER_MODEL_OPENAI' };

/**
 * Key and base URL for a role: `JUDGE_OPENAI_API_KEY` / `JUDGE_OPENAI_BASE_URL` (judge) and
 * `USER_MODEL_OPENAI_*` (simulated user) when set, else `OPENAI_API_KEY` / `OPENAI_BASE_URL`.
 */
export function endpointFor(role: EndpointRole, env: NodeJS.ProcessEnv): { apiKey?: string; baseURL?: string } {
  const p = ENV_PREFIX[role];
  const own = env[`${p}_API_KEY`] || env[`${p}_BASE_URL`];
  const apiKey = (own ? env[`${p}_API_KEY`] : env.OPENAI_API_KEY) || undefined;
  const baseURL = (own ? env[`${p}_BASE_URL`] : env.OPENAI_BASE_URL) || undefined;
  return { ...(apiKey ? { apiKey } : {}), ...(baseURL ? { baseURL } : {}) };
}

/** An `openai:NAME` model (judge, simulated user) with 429 retries counted in `tracker`. */
export function openaiModel(
  name: string,
  env: NodeJS.ProcessEnv,
  tracker: RateLimitTracker,
  retry?: RetryPolicy,
  role: EndpointRole = 'agent',
): LanguageModelV3 {
  const id = name.slice('openai:'.length);
  if (!name.startsWith('openai:') || !id) throw new Error(`unknown model "${name}": use openai:NAME`);
  const { apiKey, baseURL } = endpointFor(role, env);
  if (!apiKey && !baseURL)
    throw new Error(
      `${name} needs ${ENV_PREFIX[role]}_API_KEY (or ${ENV_PREFIX[role]}_BASE_URL for a local OpenAI-compatible server)`,
    );
  return createOpenAI({ apiKey: apiKey ?? 'not-needed', baseURL, fetch: retryingFetch(tracker, retry) }).chat(id);
}

export async function createModelSetup(
  mode: string,
  scenario: Scenario,
  values: PlaceholderValues,
  opts: ModelOptions = {},
): Promise<ModelSetup> {
  const dir = opts.cassetteDir ?? DEFAULT_CASSETTE_DIR;
  const env = opts.env ?? process.env;
  let base: LanguageModelV3;
  let scripted: ScriptedModel | undefined;
  let replay: ReplayModel | undefined;
  let dispose = () => {};
  const recorder = opts.record ? new Recorder(values) : undefined;
  const rateLimits = new RateLimitTracker();
  const retrying = retryingFetch(rateLimits, opts.retry);
  const wrapFetch = (_f: typeof fetch) => (recorder ? recorder.wrap(retrying) : retrying);
  let modelId = mode;

  if (mode === 'demo') {
    if (recorder) throw new Error('--record needs a model that speaks HTTP (scripted or openai:NAME)');
    base = createDemoModel({ chunkDelayMs: 0 });
  } else if (mode === 'scripted') {
    scripted = new ScriptedModel();
    const host = await registerLlmHost('scripted', scripted.handle);
    dispose = host.dispose;
    modelId = SCRIPTED_MODEL_ID;
    base = createOpenAI({ apiKey: 'scripted', baseURL: host.baseURL, fetch: wrapFetch(globalThis.fetch) }).chat(
      SCRIPTED_MODEL_ID,
    );
  } else if (mode === 'replay') {
    if (recorder) throw new Error('--record cannot be combined with --model replay');
    const cassette = readCassette(cassettePath(dir, scenario.name));
    replay = new ReplayModel(cassette, values);
    const host = await registerLlmHost('replay', replay.handle);
    dispose = host.dispose;
    base = createOpenAI({ apiKey: 'replay', baseURL: host.baseURL }).chat(cassette.model);
  } else if (mode.startsWith('openai:')) {
    modelId = mode.slice('openai:'.length);
    const apiKey = env.OPENAI_API_KEY;
    if (!apiKey && !env.OPENAI_BASE_URL)
      throw new Error(`${mode} needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server)`);
    base = createOpenAI({
      apiKey: apiKey ?? 'not-needed',
      baseURL: env.OPENAI_BASE_URL || undefined,
      fetch: wrapFetch(globalThis.fetch),
    }).chat(modelId);
  } else {
    throw new Error(`unknown model "${mode}": use demo, scripted, replay or openai:NAME`);
  }

  let last: OfferedTools | undefined;
  let count = 0;
  const tokens = { input_tokens: 0, output_tokens: 0 };
  const addUsage = (u: LanguageModelV3Usage | undefined) => {
    tokens.input_tokens += u?.inputTokens.total ?? 0;
    tokens.output_tokens += u?.outputTokens.total ?? 0;
  };
  const model = wrapLanguageModel({
    model: base,
    middleware: {
      specificationVersion: 'v3',
      transformParams: async ({ params }) => {
        count++;
        last = {
          tools: (params.tools ?? []).map((t) => ({
            name: t.name,
            description: t.type === 'function' ? (t.description ?? '') : '',
          })),
        };
        return params;
      },
      wrapGenerate: async ({ doGenerate }) => {
        const result = await doGenerate();
        addUsage(result.usage);
        return result;
      },
      wrapStream: async ({ doStream }) => {
        const result = await doStream();
        const counting = new TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart>({
          transform(part, controller) {
            if (part.type === 'finish') addUsage(part.usage);
            controller.enqueue(part);
          },
        });
        return { ...result, stream: result.stream.pipeThrough(counting) };
      },
    },
  });

  return {
    model,
    scripted,
    replay,
    offered: () => last,
    calls: () => count,
    usage: () => ({ ...tokens }),
    rateLimits,
    problems: () => [...(scripted?.problems ?? []), ...(replay?.problems ?? [])],
    leftovers: () => {
      const unused = replay?.unused() ?? 0;
      return unused > 0 ? [`the cassette has ${unused} recorded request(s) the conversation never made`] : [];
    },
    finish: (passed) => {
      dispose();
      if (!recorder) return undefined;
      if (!passed) return undefined;
      const path = cassettePath(dir, scenario.name);
      writeCassette(path, recorder.cassette(scenario.name, modelId));
      return path;
    },
  };
}
