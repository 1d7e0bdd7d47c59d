import { describe, expect, it } from 'vitest';
import {
  coalesceContent,
  firstDifference,
  fromTemplate,
  normalizeRequest,
  ReplayModel,
  toTemplate,
} from './cassette.js';

const values = () => ({ navigator: 'http://127.0.0.1:4100', auth_link_id: 'abc-123' });

describe('cassettes', () => {
  it('templates per-stack values and fills them back', () => {
    const text = 'link http://127.0.0.1:4100/auth?auth_link_id=abc-123';
    const t = toTemplate(text, values);
    expect(t).toBe('link {{navigator}}/auth?auth_link_id={{auth_link_id}}');
    expect(fromTemplate(t, values)).toBe(text);
  });
  it('masks times and uuids in requests', () => {
    expect(
      normalizeRequest('{"a":"2024-01-02T03:04:05.678Z","b":"123e4567-e89b-12d3-a456-426614174000"}', values),
    ).toEqual({ a: '{{time}}', b: '{{uuid}}' });
  });
  it('masks the minute-precision times tools print, so a recording that crossed a minute still replays', () => {
    const at = (minute: string) =>
      normalizeRequest(JSON.stringify({ c: `Created by: Alice on 2026-11-25 22:${minute}` }), values);
    expect(at('33')).toEqual({ c: 'Created by: Alice on {{time}}' });
    expect(at('34')).toEqual(at('33'));
  });
  it('names the first difference by path', () => {
    expect(firstDifference({ messages: [{ content: 'a' }] }, { messages: [{ content: 'b' }] })).toBe(
      'messages[0].content: expected "a", got "b"',
    );
    expect(firstDifference({ m: [1] }, { m: [1, 2] })).toBe('m[1]: not recorded, got 2');
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeUndefined();
  });
  it('fails clearly when request 2 differs', async () => {
    const replay = new ReplayModel(
      {
        version: 1,
        scenario: 's',
        model: 'm',
        interactions: [
          {
            request: { n: 1 },
            response: { status: 200, content_type: 'text/event-stream', body: 'data: {{navigator}}\n\n' },
          },
          { request: { n: 2 }, response: { status: 200, content_type: 'text/event-stream', body: 'x' } },
        ],
      },
      values,
    );
    const post = (body: unknown) =>
      replay.handle(
        new Request('http://r.openai.test/v1/chat/completions', { method: 'POST', body: JSON.stringify(body) }),
      );
    expect(await (await post({ n: 1 })).text()).toBe('data: http://127.0.0.1:4100\n\n');
    expect((await post({ n: 3 })).status).toBe(400);
    expect(replay.problems).toEqual(['request 2 differs: n: expected 2, got 3']);
  });
});

describe('coalesceContent', () => {
  it('joins split text deltas so a URL can become a placeholder, keeping other chunks', async () => {
    const { encodeChatCompletionStream } = await import('../../kit/openai-wire.js');
    const sse = encodeChatCompletionStream({
      id: 'x',
      model: 'm',
      text: 'link: http://127.0.0.1:4100/auth?auth_link_id=abc-123 ok',
      toolCalls: [{ id: 'c', name: 't', arguments: '{}' }],
    });
    const out = coalesceContent(sse);
    expect(toTemplate(out, values)).toContain('link: {{navigator}}/auth?auth_link_id={{auth_link_id}} ok');
    expect(out).toContain('"finish_reason":"tool_calls"');
    expect(out).toContain('"usage"');
    expect(out.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});
