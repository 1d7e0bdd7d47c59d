import { describe, expect, it } from 'vitest';
import { namespacedToolName, parseToolName } from './tool-names.js';

describe('tool namespacing', () => {
  it('round-trips server and tool', () => {
    expect(parseToolName(namespacedToolName('slack', 'post_message'))).toEqual({
      server: 'slack',
      tool: 'post_message',
    });
  });
  it('keeps underscores inside the tool name', () => {
    expect(parseToolName('linear__update_issue_state')).toEqual({ server: 'linear', tool: 'update_issue_state' });
  });
  it('rejects names that are not namespaced', () => {
    expect(parseToolName('get_authentication_link')).toBeUndefined();
    expect(parseToolName('__x')).toBeUndefined();
    expect(parseToolName('Slack__x')).toBeUndefined();
    expect(parseToolName('slack__')).toBeUndefined();
  });
});
