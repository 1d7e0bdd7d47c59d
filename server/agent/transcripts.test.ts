import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transcriptFileName, TranscriptWriter } from './transcripts.js';

const read = (dir: string, id: string) =>
  readFileSync(join(dir, transcriptFileName(id)), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; message?: string });

describe('TranscriptWriter', () => {
  it('keeps every entry of every conversation, in order, across bursts and writes in flight', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'transcripts-')), 'nested');
    const w = new TranscriptWriter(dir, (l) => {
      throw new Error(l);
    });
    for (let i = 0; i < 50; i++) {
      void w.append('a', { type: 'error', message: `a${i}` });
      if (i % 3 === 0) void w.append('b', { type: 'error', message: `b${i}` });
      // Let some writes start so later entries land while one is in flight.
      if (i % 7 === 0) await Promise.resolve();
    }
    await w.flush();
    void w.append('a', { type: 'error', message: 'after flush' });
    await w.flush();
    expect(read(dir, 'a').map((e) => e.message)).toEqual([
      ...Array.from({ length: 50 }, (_, i) => `a${i}`),
      'after flush',
    ]);
    expect(read(dir, 'b').map((e) => e.message)).toEqual(Array.from({ length: 17 }, (_, i) => `b${i * 3}`));
  });

  it('masks bearer tokens before writing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'transcripts-'));
    const w = new TranscriptWriter(dir, () => {});
    await w.append('c', { type: 'error', message: 'upstream said Bearer abcdefghijklmnop123' });
    expect(readFileSync(join(dir, 'c.jsonl'), 'utf8')).not.toContain('abcdefghijklmnop123');
  });
});
