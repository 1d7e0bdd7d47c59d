import { describe, expect, it } from 'vitest';
import { createdLink } from './created-links.js';

const result = (structuredContent: unknown) => ({ content: [{ type: 'text', text: 'ok' }], structuredContent });

describe('createdLink', () => {
  it('links a created Linear issue and a posted Slack message', () => {
    expect(createdLink(result({ issue: { id: 'ENG-15', url: 'http://127.0.0.1:3202/#ENG-15' } }))).toEqual({
      href: 'http://127.0.0.1:3202/#ENG-15',
      label: 'Open ENG-15',
    });
    expect(
      createdLink(
        result({ ok: true, channel: 'general', ts: '1.2', permalink: 'http://127.0.0.1:3201/#m-general-1-2' }),
      ),
    ).toEqual({
      href: 'http://127.0.0.1:3201/#m-general-1-2',
      label: 'Open the message in #general',
    });
  });
  it('takes no link that is not http(s), and none from results without one', () => {
    expect(createdLink(result({ issue: { id: 'X', url: 'javascript:alert(1)' } }))).toBeUndefined();
    expect(createdLink(result({ permalink: 'not a url' }))).toBeUndefined();
    expect(createdLink(result({ issues: [] }))).toBeUndefined();
    expect(createdLink('text')).toBeUndefined();
  });
});
