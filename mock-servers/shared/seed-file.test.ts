import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadSeedFile } from './seed-file.js';

const Schema = z.object({ teams: z.array(z.object({ key: z.string(), size: z.number() })) });

function seedFile(text: string): URL {
  const path = join(mkdtempSync(join(tmpdir(), 'seed-')), 'seed.yaml');
  writeFileSync(path, text);
  return pathToFileURL(path);
}

describe('loadSeedFile', () => {
  it('returns the validated data of a YAML seed', () => {
    expect(loadSeedFile(seedFile('teams:\n  - { key: ENG, size: 3 }\n'), Schema)).toEqual({
      teams: [{ key: 'ENG', size: 3 }],
    });
  });
  it('names the file and the field of a broken seed', () => {
    const url = seedFile('teams:\n  - { key: ENG, size: three }\n');
    expect(() => loadSeedFile(url, Schema)).toThrow(/seed\.yaml: teams\.0\.size: .*number/);
  });
});
