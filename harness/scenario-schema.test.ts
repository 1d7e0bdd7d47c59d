import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_PATH, schemaFileText } from './generate-schema.js';

describe('scenario JSON Schema', () => {
  it('the committed scenarios/scenario.schema.json is up to date (run: npx tsx harness/generate-schema.ts)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(schemaFileText());
  });
});
