/**
 * The job list of a run: every scenario in every cell (model × system prompt variant), `repeat`
 * times, in a fixed order (cell, then scenario, then attempt) so each job has a stable index. A
 * shard `K/N` takes the jobs whose index is K-1 modulo N; runs that a scenario's `modes:` rules out
 * are skipped with the reason. Pure.
 */
import type { LoadedScenario } from './load.js';
import { isSimulateStep } from './scenario-schema.js';

export interface PromptVariant {
  name: string;
  /** System prompt file; absent = the agent's own prompt (`default`). */
  file?: string;
}

export const DEFAULT_PROMPT: PromptVariant = { name: 'default' };

export interface Cell {
  id: string;
  model: string;
  prompt: PromptVariant;
}

export interface Shard {
  k: number;
  n: number;
}

export interface Job {
  index: number;
  loaded: LoadedScenario;
  cell: Cell;
  attempt: number;
  /** Why the job is not run; undefined = run it. */
  skip?: string;
}

/** Cells in command-line order: models outer, prompts inner. */
export function cellsOf(models: readonly string[], prompts: readonly PromptVariant[]): Cell[] {
  const plain = prompts.length === 1 && prompts[0]?.name === DEFAULT_PROMPT.name && prompts[0].file === undefined;
  return models.flatMap((model) =>
    prompts.map((prompt) => ({ id: plain ? model : `${model} × ${prompt.name}`, model, prompt })),
  );
}

/** Why `scenario` cannot run with `model`, or undefined. */
export function skipReason(loaded: LoadedScenario, model: string, userModel: string | undefined): string | undefined {
  const { scenario } = loaded;
  const kind = model.startsWith('openai:') ? undefined : model;
  if (kind && !(scenario.modes as string[]).includes(kind))
    return `the scenario's modes: [${scenario.modes.join(', ')}] do not include ${kind}`;
  if (!userModel && scenario.steps.some(isSimulateStep)) return 'it has a simulate: step and no --user-model was given';
  return undefined;
}

export function jobsOf(
  scenarios: readonly LoadedScenario[],
  cells: readonly Cell[],
  repeat: number,
  userModel?: string,
): Job[] {
  const jobs: Job[] = [];
  for (const cell of cells)
    for (const loaded of scenarios) {
      const skip = skipReason(loaded, cell.model, userModel);
      for (let attempt = 1; attempt <= repeat; attempt++)
        jobs.push({ index: jobs.length, loaded, cell, attempt, ...(skip ? { skip } : {}) });
    }
  return jobs;
}

export function inShard(index: number, shard: Shard | undefined): boolean {
  return !shard || index % shard.n === shard.k - 1;
}

/** `K/N` with 1 <= K <= N; throws a message for the CLI otherwise. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || k < 1 || k > n) throw new Error(`--shard needs K/N with 1 <= K <= N, got "${text}"`);
  return { k, n };
}
