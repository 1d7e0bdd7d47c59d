/**
 * Bodies over the limit (1 MB by default; smaller for HTML forms) get 413 with a JSON error on every
 * server and every body-reading endpoint, without reaching the handler; bodies under it are read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../../kit/stack.js';
import { startChatStack } from '../reliability/support.js';
import { signIn } from '../../../kit/chat-client.js';
import { rawRequest } from './raw-http.js';

let stack: Stack;
let cookie: string;
let aliceSlackToken: string;

beforeAll(async () => {
  stack = await startChatStack();
  await stack.connect('alice', ['slack']);
  cookie = await signIn(stack.agent.url, 'alice');
  const slackId = stack.navigator.testing.server('demo', 'slack')?.id ?? -1;
  aliceSlackToken = stack.navigator.testing.credential('alice', slackId)?.accessToken ?? '';
});
afterAll(async () => {
  await stack?.close();
});

const MB = 1024 * 1024;
const json = (size: number) =>
  JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { pad: 'x'.repeat(size) } });
const form = (size: number) => `csrf_token=x&user=alice&password=${'x'.repeat(size)}`;

function endpoints() {
  const nav = stack.navigator.url;
  const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
  return [
    {
      name: 'navigator MCP',
      url: stack.mcpUrl,
      headers: { ...JSON_TYPE, ...stack.mcpHeaders('alice') },
      body: json,
    },
    {
      name: 'navigator settings API',
      url: `${nav}/api/projects/demo/servers`,
      headers: { ...JSON_TYPE, authorization: `Bearer ${stack.adminKey}` },
      body: json,
    },
    { name: 'navigator sign-in form', url: `${nav}/auth/sign-in`, headers: FORM, body: form },
    { name: 'agent chat', url: `${stack.agent.url}/api/chat`, headers: { ...JSON_TYPE, cookie }, body: json },
    { name: 'agent sign-in', url: `${stack.agent.url}/api/session`, headers: JSON_TYPE, body: json },
    {
      name: 'mock Slack MCP',
      url: `${stack.slack.url}/mcp`,
      headers: { ...JSON_TYPE, authorization: `Bearer ${aliceSlackToken}` },
      body: json,
    },
    { name: 'mock Slack registration', url: `${stack.slack.url}/register`, headers: JSON_TYPE, body: json },
    { name: 'mock Linear token endpoint', url: `${stack.linear.url}/token`, headers: FORM, body: form },
    {
      name: 'mock Linear consent decision',
      url: `${stack.linear.url}/authorize/decision`,
      headers: FORM,
      body: form,
    },
    { name: 'mock Linear admin', url: `${stack.linear.url}/admin/faults`, headers: JSON_TYPE, body: json },
  ];
}

describe('body limits', () => {
  it('every body-reading endpoint answers a body over 1 MB with 413 and a JSON error', async () => {
    for (const e of endpoints()) {
      const r = await rawRequest(e.url, {
        method: e.name.endsWith('admin') ? 'PUT' : 'POST',
        headers: e.headers,
        body: e.body(MB + 10),
      });
      expect(r.status, `${e.name}: ${r.text.slice(0, 200)}`).toBe(413);
      const body = r.json as { error?: unknown } | undefined;
      expect(body?.error, `${e.name} answered ${r.text.slice(0, 200)}`).toBeDefined();
      expect(r.text).not.toMatch(/\n\s+at |node_modules/);
    }
  });

  it('JSON bodies just under 1 MB are read (the limit is 1 MB, not less)', async () => {
    const r = await rawRequest(stack.mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...stack.mcpHeaders('alice'),
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'big', version: '1', pad: 'x'.repeat(MB - 1_000) },
        },
      }),
    });
    expect(r.status, r.text.slice(0, 200)).toBe(200);
  });

  it('a huge URL gets a JSON error, not an empty answer', async () => {
    for (const base of [stack.navigator.url, stack.agent.url, stack.slack.url]) {
      const r = await rawRequest(`${base}/auth?auth_link_id=${'x'.repeat(20_000)}`);
      expect(r.status, base).toBe(431);
      expect(r.json).toMatchObject({ error: { code: 'bad_request' } });
    }
  });
});
