import { describe, expect, it } from 'vitest';
import { judgeKey, parseVerdict } from './judge.js';
import { endpointFor } from './models/index.js';
import { toDecision } from './simulated-user.js';

describe('judge answers', () => {
  it('reads the verdict out of prose and code fences, and refuses anything else', () => {
    expect(parseVerdict('```json\n{"verdict":"fail","reason":"no link"}\n```')).toEqual({
      verdict: 'fail',
      reason: 'no link',
    });
    expect(parseVerdict('Sure! {"verdict": "pass", "reason": "ok"} Hope that helps.')).toEqual({
      verdict: 'pass',
      reason: 'ok',
    });
    expect(parseVerdict('{"verdict":"maybe","reason":"x"}')).toBeUndefined();
    expect(parseVerdict('PASS')).toBeUndefined();
  });
  it('the cache key changes with the model, the rubric and the text', () => {
    const k = judgeKey('openai:a', 'r', 't');
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(
      new Set([k, judgeKey('openai:b', 'r', 't'), judgeKey('openai:a', 'r2', 't'), judgeKey('openai:a', 'r', 't2')])
        .size,
    ).toBe(4);
  });
});

describe('simulated user decisions', () => {
  it('maps the user model’s tool calls to decisions', () => {
    expect(toDecision('say', { message: 'hi' })).toEqual({ kind: 'say', text: 'hi' });
    expect(toDecision('authenticate', { servers: ['slack'] })).toEqual({ kind: 'authenticate', servers: ['slack'] });
    expect(toDecision('authenticate', {})).toEqual({ kind: 'authenticate' });
    expect(toDecision('deny_consent', { servers: [] })).toBeUndefined();
    expect(toDecision('done', {})).toEqual({ kind: 'done', summary: '' });
    expect(toDecision('hack', {})).toBeUndefined();
  });
});

describe('endpoints per role', () => {
  it('the judge and the simulated user use their own variables when set, else OPENAI_*', () => {
    const env = { OPENAI_API_KEY: 'a', OPENAI_BASE_URL: 'http://agent', JUDGE_OPENAI_BASE_URL: 'http://judge' };
    expect(endpointFor('agent', env)).toEqual({ apiKey: 'a', baseURL: 'http://agent' });
    expect(endpointFor('judge', env)).toEqual({ baseURL: 'http://judge' });
    expect(endpointFor('user', env)).toEqual({ apiKey: 'a', baseURL: 'http://agent' });
    expect(endpointFor('user', {})).toEqual({});
  });
});
