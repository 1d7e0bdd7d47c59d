/**
 * DNS-rebinding and cross-site protection on every server (navigator, agent, mock Slack, mock Linear):
 * a foreign Host header is refused, and so is a foreign Origin, with a JSON error; our own names pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../../kit/stack.js';
import { startChatStack } from '../reliability/support.js';
import { rawRequest } from './raw-http.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startChatStack();
});
afterAll(async () => {
  await stack?.close();
});

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
});

/** One state-changing endpoint per server, with what a legitimate caller sends. */
function targets(): Array<{ name: string; url: string; headers: Record<string, string>; body: string }> {
  const json = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  return [
    {
      name: 'navigator MCP',
      url: stack.mcpUrl,
      headers: { ...json, ...stack.mcpHeaders('alice') },
      body: INIT,
    },
    {
      name: 'navigator settings API',
      url: `${stack.navigator.url}/api/projects/demo`,
      headers: { authorization: `Bearer ${stack.adminKey}` },
      body: '',
    },
    {
      name: 'agent sign-in',
      url: `${stack.agent.url}/api/session`,
      headers: json,
      body: JSON.stringify({ user: 'alice', password: 'alice' }),
    },
    {
      name: 'mock Slack token endpoint',
      url: `${stack.slack.url}/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=x&client_id=y',
    },
    { name: 'mock Linear MCP', url: `${stack.linear.url}/mcp`, headers: json, body: INIT },
  ];
}

describe('Host and Origin validation', () => {
  it('every server refuses a foreign Host header (DNS rebinding) with 403 JSON', async () => {
    for (const t of targets()) {
      const r = await rawRequest(t.url, {
        method: t.body ? 'POST' : 'GET',
        headers: { ...t.headers, host: 'rebind.evil.example' },
        body: t.body || undefined,
      });
      expect(r.status, `${t.name}: ${r.text}`).toBe(403);
      expect(r.json, t.name).toBeDefined();
    }
    for (const base of [stack.navigator.url, stack.agent.url, stack.slack.url, stack.linear.url]) {
      const r = await rawRequest(`${base}/healthz`, { headers: { host: 'rebind.evil.example:80' } });
      expect(r.status, base).toBe(403);
    }
  });

  it('every server refuses a foreign Origin with 403 JSON', async () => {
    for (const t of targets()) {
      for (const origin of ['http://rebind.evil.example', 'https://evil.example:3100']) {
        const r = await rawRequest(t.url, {
          method: t.body ? 'POST' : 'GET',
          headers: { ...t.headers, origin },
          body: t.body || undefined,
        });
        expect(r.status, `${t.name} with Origin ${origin}: ${r.text}`).toBe(403);
        expect(r.json, t.name).toBeDefined();
      }
    }
  });

  it('our own Host and Origin names pass', async () => {
    for (const t of targets()) {
      const port = new URL(t.url).port;
      for (const origin of [undefined, `http://localhost:${port}`, `http://127.0.0.1:${port}`]) {
        const r = await rawRequest(t.url, {
          method: t.body ? 'POST' : 'GET',
          headers: { ...t.headers, host: `localhost:${port}`, ...(origin ? { origin } : {}) },
          body: t.body || undefined,
        });
        expect(r.status, `${t.name} with Origin ${origin ?? '(none)'}: ${r.text}`).not.toBe(403);
      }
    }
  });
});
