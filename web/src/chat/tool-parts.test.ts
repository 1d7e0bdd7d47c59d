import { describe, expect, it } from 'vitest';
import {
  authLinkFromToolResult,
  connectCardFor,
  connectDone,
  connectLabel,
  isAuthCompleteMessage,
  isErrorResult,
  isOnOrigin,
  toolLabel,
  toolResultPayload,
} from './tool-parts.js';
import { joinNames } from '../../../server/shared/text.js';

const needed = {
  status: 'authentication_needed',
  auth_link: 'http://127.0.0.1:3100/auth?auth_link_id=abc-123',
  unauthenticated_servers: ['slack', 'linear'],
  servers: [
    { name: 'slack', display_name: 'Slack', auth_level: 'user', state: 'needs_connecting' },
    { name: 'linear', display_name: 'Linear', auth_level: 'user', state: 'needs_connecting' },
  ],
  message: 'Please connect',
};

describe('toolLabel', () => {
  it('splits namespaced tools and the generic call tool', () => {
    expect(toolLabel('slack__read_channel', {})).toEqual({ server: 'slack', tool: 'read_channel' });
    expect(toolLabel('call_server_tool', { server: 'linear', tool: 'create_issue' })).toEqual({
      server: 'linear',
      tool: 'create_issue',
    });
    expect(toolLabel('list_server_tools', { server: 'slack' })).toEqual({ server: 'slack', tool: 'list_server_tools' });
    expect(toolLabel('get_authentication_link', {})).toEqual({ server: 'navigator', tool: 'get_authentication_link' });
  });
});

describe('toolResultPayload', () => {
  it('prefers structuredContent, then JSON text, then plain text', () => {
    expect(toolResultPayload({ content: [{ type: 'text', text: '{"a":1}' }], structuredContent: { b: 2 } })).toEqual({
      b: 2,
    });
    expect(toolResultPayload({ content: [{ type: 'text', text: '{"a":1}' }] })).toEqual({ a: 1 });
    expect(toolResultPayload({ content: [{ type: 'text', text: 'hello' }] })).toBe('hello');
    expect(toolResultPayload('raw')).toBe('raw');
  });
  it('detects MCP error results', () => {
    expect(isErrorResult({ isError: true, content: [] })).toBe(true);
    expect(isErrorResult({ content: [] })).toBe(false);
  });
});

describe('auth link detection', () => {
  it('reads the link and display names from a get_authentication_link result', () => {
    const output = { content: [{ type: 'text', text: JSON.stringify(needed) }] };
    expect(authLinkFromToolResult('get_authentication_link', output)).toEqual({
      url: needed.auth_link,
      servers: ['Slack', 'Linear'],
    });
  });
  it('ignores other tools and other statuses', () => {
    expect(authLinkFromToolResult('slack__read_channel', { structuredContent: needed })).toBeUndefined();
    const done = { ...needed, status: 'fully_authenticated', auth_link: undefined, unauthenticated_servers: [] };
    expect(authLinkFromToolResult('get_authentication_link', { structuredContent: done })).toBeUndefined();
  });
  it('makes a Connect card only from a get_authentication_link result whose link is on the navigator origin', () => {
    const nav = 'http://127.0.0.1:3100';
    const call = (output: unknown, toolName = 'get_authentication_link') => ({
      toolName,
      state: 'output-available',
      output,
    });
    expect(connectCardFor(call({ structuredContent: needed }), nav)).toEqual({
      url: needed.auth_link,
      servers: ['Slack', 'Linear'],
    });
    // Look-alikes: another host, another port, another scheme, a userinfo trick, a javascript: URL.
    for (const auth_link of [
      'http://evil.test/auth?auth_link_id=abc',
      'http://127.0.0.1:3101/auth?auth_link_id=abc',
      'https://127.0.0.1:3100/auth?auth_link_id=abc',
      'http://127.0.0.1:3100@evil.test/auth?auth_link_id=abc',
    ]) {
      expect(connectCardFor(call({ structuredContent: { ...needed, auth_link } }), nav), auth_link).toBeUndefined();
    }
    expect(isOnOrigin('javascript:alert(1)//127.0.0.1:3100', nav)).toBe(false);
    // Unknown navigator origin (signed out, not loaded yet): no card at all.
    expect(connectCardFor(call({ structuredContent: needed }), null)).toBeUndefined();
    // Another tool that returns the same shape (e.g. a downstream server echoing it) is no source of cards.
    expect(connectCardFor(call({ structuredContent: needed }, 'slack__read_messages'), nav)).toBeUndefined();
    expect(connectCardFor({ toolName: 'get_authentication_link', state: 'input-available' }, nav)).toBeUndefined();
  });
  it('checks every extra card source against the navigator origin too', () => {
    const nav = 'http://127.0.0.1:3100';
    const evilSource = () => ({ url: 'http://evil.test/auth?auth_link_id=x', servers: [] });
    const goodSource = () => ({ url: `${nav}/auth?auth_link_id=y`, servers: ['Slack'] });
    const call = { toolName: 'anything', state: 'output-available', output: {} };
    expect(connectCardFor(call, nav, [evilSource])).toBeUndefined();
    expect(connectCardFor(call, nav, [evilSource, goodSource])?.url).toBe(`${nav}/auth?auth_link_id=y`);
  });
  it('names the servers on the button', () => {
    expect(joinNames(['Slack'])).toBe('Slack');
    expect(connectLabel(['Slack', 'Linear'])).toBe('Connect Slack and Linear');
    expect(connectLabel(['A', 'B', 'C'])).toBe('Connect A, B and C');
    expect(connectLabel([])).toBe('Connect your accounts');
  });
});

describe('isAuthCompleteMessage', () => {
  it('accepts only the guided flow completion message', () => {
    expect(isAuthCompleteMessage({ type: 'navigator-auth-complete' })).toBe(true);
    expect(isAuthCompleteMessage({ type: 'other' })).toBe(false);
    expect(isAuthCompleteMessage('navigator-auth-complete')).toBe(false);
    expect(isAuthCompleteMessage(null)).toBe(false);
  });

  it('calls a Connect card done only when the status is known and none of its servers is pending', () => {
    expect(connectDone(['Slack', 'Linear'], null)).toBe(false);
    expect(connectDone(['Slack', 'Linear'], ['Linear'])).toBe(false);
    expect(connectDone(['Slack', 'Linear'], [])).toBe(true);
    expect(connectDone(['Slack'], ['Linear'])).toBe(true);
    expect(connectDone([], ['Slack'])).toBe(false);
    expect(connectDone([], [])).toBe(true);
  });
});
