import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadDataFile } from './data-file.js';

const Schema = z.object({ teams: z.array(z.object({ key: z.string(), size: z.number() })) });

function seedFile(text: string): URL {
  const path = join(mkdtempSync(join(tmpdir(), 'seed-')), 'seed.yaml');
  writeFileSync(path, text);
  return pathToFileURL(path);
}

describe('loadDataFile', () => {
  it('returns the validated data of a YAML seed', () => {
    expect(loadDataFile(seedFile('teams:\n  - { key: ENG, size: 3 }\n'), Schema)).toEqual({
      teams: [{ key: 'ENG', size: 3 }],
    });
  });
  it('names the file and the field of a broken data file', () => {
    const url = seedFile('teams:\n  - { key: ENG, size: three }\n');
    expect(() => loadDataFile(url, Schema)).toThrow(/seed\.yaml: teams\.0\.size: .*number/);
  });
});
