/** Which downstream answers pass their result on as raw text, and that the text is exactly the result. */
import { describe, expect, it } from 'vitest';
import { rawJsonOf, rawResultText, rememberRawJson } from './raw-json.js';

const parse = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe('rawResultText', () => {
  it('takes the result text out of an answer as SDK servers write it', () => {
    const text =
      '{"result":{"content":[{"type":"text","text":"a \\"b\\" ,\\"jsonrpc\\":\\"2.0\\",\\"id\\":7}"}]},"jsonrpc":"2.0","id":7}';
    const raw = rawResultText(text, parse(text), 7);
    expect(raw).toBeDefined();
    expect(JSON.parse(raw ?? '')).toEqual(parse(text).result);
  });

  it('gives up on any other spelling, another id or extra members', () => {
    const cases: [string, number][] = [
      ['{"jsonrpc":"2.0","id":7,"result":{"content":[]}}', 7],
      ['{"result":{"content":[]},"jsonrpc":"2.0","id":8}', 7],
      ['{"result":{"content":[]}, "jsonrpc":"2.0","id":7}', 7],
      ['{"result":{"content":[]},"extra":1,"jsonrpc":"2.0","id":7}', 7],
      ['{"result":{"content":[]},"jsonrpc":"2.0","id":77}', 7],
    ];
    for (const [text, id] of cases) expect(rawResultText(text, parse(text), id)).toBeUndefined();
  });
});

describe('rawJsonOf', () => {
  it('knows only the objects it was told about', () => {
    const o = { content: [] };
    expect(rawJsonOf(o)).toBeUndefined();
    rememberRawJson(o, '{"content":[]}');
    expect(rawJsonOf(o)).toBe('{"content":[]}');
    expect(rawJsonOf({ ...o })).toBeUndefined();
    expect(rawJsonOf('x')).toBeUndefined();
  });
});
