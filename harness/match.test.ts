import { describe, expect, it } from 'vitest';
import { callMatches, effectiveTool, globMatch, matchValue, readToolOutput } from './match.js';

describe('matching', () => {
  it('globs tool names', () => {
    expect(globMatch('slack__*', 'slack__read_channel')).toBe(true);
    expect(globMatch('slack__*', 'linear__list_issues')).toBe(false);
    expect(globMatch('get_?uthentication_link', 'get_authentication_link')).toBe(true);
  });
  it('resolves call_server_tool to its downstream tool', () => {
    const call = {
      name: 'call_server_tool',
      args: { server: 'slack', tool: 'read_channel', arguments: { channel: 'general' } },
    };
    expect(effectiveTool(call)).toEqual({ name: 'slack__read_channel', args: { channel: 'general' } });
    expect(callMatches({ tool: 'slack__read_*', args: { channel: 'general' } }, call)).toBe(true);
    expect(callMatches({ tool: 'slack__read_*', args: { channel: 'random' } }, call)).toBe(false);
    expect(callMatches('slack__*', call)).toBe(false);
  });
  it('matches arguments partially with operators', () => {
    expect(
      matchValue({ title: { $contains: 'LOGIN' }, team: 'ENG' }, { title: 'Fix login', team: 'ENG', x: 1 }),
    ).toEqual([]);
    expect(matchValue({ team: 'OPS' }, { team: 'ENG' })).toEqual(['team: expected "OPS", got "ENG"']);
    expect(matchValue({ a: { $exists: false } }, {})).toEqual([]);
    expect(matchValue({ a: { $regex: '^x\\d$' } }, { a: 'x1' })).toEqual([]);
    expect(matchValue({ a: { $any: true } }, { a: null })).toEqual([]);
  });
  it('reads MCP results: structuredContent first, then JSON text', () => {
    expect(readToolOutput({ content: [{ type: 'text', text: '{"status":"x"}' }] }).json).toEqual({ status: 'x' });
    expect(readToolOutput({ content: [{ type: 'text', text: 'oops' }], isError: true })).toEqual({
      text: 'oops',
      json: undefined,
      isError: true,
    });
  });
});
