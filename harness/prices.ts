/**
 * What a run costs: USD per million input and output tokens by model. The built-in table holds a few
 * OpenAI list prices (check them: prices change); `--prices FILE` (JSON or YAML,
 * `{ "openai:NAME": { input, output } }`) adds to or overrides it. Offline models cost nothing; a
 * model with no price gets a null cost, never a made-up one.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

export const Price = z.strictObject({ input: z.number().min(0), output: z.number().min(0) });
export const PriceTable = z.record(z.string(), Price);
export type PriceTable = z.infer<typeof PriceTable>;

/** USD per 1M tokens, OpenAI list prices (standard tier) as of 2025; override with --prices. */
export const DEFAULT_PRICES: PriceTable = {
  'openai:gpt-4o': { input: 2.5, output: 10 },
  'openai:gpt-4o-mini': { input: 0.15, output: 0.6 },
  'openai:gpt-4.1': { input: 2, output: 8 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'openai:gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'openai:o4-mini': { input: 1.1, output: 4.4 },
  'openai:gpt-5': { input: 1.25, output: 10 },
  'openai:gpt-5-mini': { input: 0.25, output: 2 },
  'openai:gpt-5-nano': { input: 0.05, output: 0.4 },
};

const FREE = new Set(['demo', 'scripted', 'replay']);

export function loadPrices(file: string): PriceTable {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read the price table ${file}: ${(e as Error).message}`);
  }
  const parsed = PriceTable.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${file} ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'} (expected { "openai:NAME": { input: USD per 1M, output: USD per 1M } })`,
    );
  }
  return { ...DEFAULT_PRICES, ...parsed.data };
}

/** Prices of the models in use (what the report lists). */
export function pricesFor(models: readonly string[], table: PriceTable): PriceTable {
  return Object.fromEntries(
    models.flatMap((m) => (FREE.has(m) ? [[m, { input: 0, output: 0 }]] : table[m] ? [[m, table[m]]] : [])),
  );
}

export function costOf(
  model: string,
  usage: { input_tokens: number; output_tokens: number },
  table: PriceTable,
): number | null {
  if (FREE.has(model)) return 0;
  const p = table[model];
  if (!p) return null;
  return Math.round(((usage.input_tokens * p.input + usage.output_tokens * p.output) / 1e6) * 1e6) / 1e6;
}
