/**
 * Loads a mock's data (its seed, its page theme) from a YAML file beside it and validates it with a zod
 * schema, so data lives as data and a broken file fails at start with the file and field it is about.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { z } from 'zod';

export function loadDataFile<T extends z.ZodType>(url: URL, schema: T): z.infer<T> {
  const path = fileURLToPath(url);
  const parsed = schema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid data'}`);
  }
  return parsed.data;
}
