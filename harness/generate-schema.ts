/**
 * Writes scenarios/scenario.schema.json from the zod scenario schema, so editors complete and check
 * scenario files. Run: `npx tsx harness/generate-schema.ts`; a unit test keeps the file current.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from './scenario-schema.js';

export const SCHEMA_PATH = fileURLToPath(new URL('../scenarios/scenario.schema.json', import.meta.url));

/** The exact text of the committed schema file. */
export function schemaFileText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_PATH, schemaFileText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
