import { describe, expect, it } from 'vitest';
import { authLinksIn, replaceAuthLinks } from './auth-link.js';
import { isRecord } from './guards.js';
import { mcpContentTexts, mcpResultText } from './mcp-result.js';
import { safeEqual, sameBytes } from './secrets.js';
import { joinNames } from './text.js';

describe('shared helpers', () => {
  it('joins names', () => {
    expect([joinNames([]), joinNames(['Slack']), joinNames(['Slack', 'Linear']), joinNames(['A', 'B', 'C'])]).toEqual([
      '',
      'Slack',
      'Slack and Linear',
      'A, B and C',
    ]);
  });
  it('tells records from other values', () => {
    expect([isRecord({}), isRecord([]), isRecord(null), isRecord('x')]).toEqual([true, false, false, false]);
  });
  it('reads the text of an MCP result', () => {
    const r = {
      content: [
        { type: 'text', text: 'a' },
        { type: 'image', data: '' },
        { type: 'text', text: 'b' },
      ],
      isError: false,
    };
    expect(mcpResultText(r)).toBe('a\nb');
    expect(mcpResultText({ content: 'x' })).toBe('');
    expect(mcpContentTexts([null, { text: 1 }, { text: 'c' }])).toEqual(['c']);
  });
  it('finds auth links in prose and JSON text, without trailing punctuation', () => {
    const link = 'http://127.0.0.1:3100/auth?auth_link_id=Ab_9-z';
    expect(authLinksIn(`Open ${link}. Then ${JSON.stringify({ auth_link: link })}`)).toEqual([link, link]);
    expect(authLinksIn('https://x/auth?project_id=p')).toEqual([]);
    expect(replaceAuthLinks(`go to ${link}!`, '{{auth_link}}')).toBe('go to {{auth_link}}!');
  });
  it('compares secrets in constant time', () => {
    expect([safeEqual('a', 'a'), safeEqual('a', 'b'), safeEqual('a', 'ab')]).toEqual([true, false, false]);
    expect([sameBytes(Buffer.from('ab'), Buffer.from('ab')), sameBytes(Buffer.from('ab'), Buffer.from('a'))]).toEqual([
      true,
      false,
    ]);
  });
});
