/** Finding a downstream answer's `result` text in any member order and spacing, and that it is exactly the result. */
import { describe, expect, it } from 'vitest';
import { memberText, rawJsonOf, rememberRawJson, resultText } from './raw-json.js';

const tricky =
  '{"content":[{"type":"text","text":"a \\"b\\" ,\\"jsonrpc\\":\\"2.0\\",\\"id\\":7} \\\\"}],"n":[1,{"x":null}]}';

describe('memberText', () => {
  it('takes the result text out of an answer whatever the member order and spacing', () => {
    const answers = [
      `{"result":${tricky},"jsonrpc":"2.0","id":7}`,
      `{"jsonrpc":"2.0","id":7,"result":${tricky}}`,
      `{"id":7,"result":${tricky},"jsonrpc":"2.0"}`,
      ` {\n  "id" : 7 ,\r\n\t"result" :  ${tricky} ,  "jsonrpc":"2.0"\n} `,
      `{"id":7,"extra":[1,"]}"],"result":${tricky},"jsonrpc":"2.0"}`,
      `{"id":7,"res\\u0075lt":${tricky},"jsonrpc":"2.0"}`,
    ];
    for (const text of answers) {
      const raw = memberText(text, 'result');
      expect(raw, text).toBe(tricky);
      expect(JSON.parse(raw ?? '')).toEqual((JSON.parse(text) as { result: unknown }).result);
    }
  });

  it('takes the last of duplicate members, as JSON.parse does, and scalar members whole', () => {
    const text = '{"result":{"a":1},"jsonrpc":"2.0","result":{"b":2},"id":-1.5e3}';
    expect(memberText(text, 'result')).toBe('{"b":2}');
    expect(memberText(text, 'id')).toBe('-1.5e3');
  });

  it('finds nothing in answers without a result or in non-objects', () => {
    expect(memberText('{"jsonrpc":"2.0","id":7,"error":{"code":1,"message":"result"}}', 'result')).toBeUndefined();
    expect(memberText('[{"result":{}}]', 'result')).toBeUndefined();
    expect(memberText('{}', 'result')).toBeUndefined();
    expect(memberText('{"results":{},"result_":1}', 'result')).toBeUndefined();
  });
});

describe('resultText', () => {
  it('gives the same text for the SDK spelling (cut out) as for any other (scanned)', () => {
    for (const text of [
      `{"result":${tricky},"jsonrpc":"2.0","id":7}`,
      `{"result":${tricky},"jsonrpc":"2.0","id":"7"}`,
      `{"id":7,"result":${tricky},"jsonrpc":"2.0"}`,
      `{"result":${tricky},"jsonrpc":"2.0","id":7,"extra":{}}`,
      `{ "result" : ${tricky} , "jsonrpc" : "2.0" , "id" : 7 }`,
    ])
      expect(resultText(text, JSON.parse(text) as Record<string, unknown>), text).toBe(tricky);
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
