/**
 * Attack (issue 11, point 6): opening MCP sessions without end on one instance key, or for one user.
 * Sessions per instance key and per user are capped (configurable); past the cap initialize gets
 * 429 with the reason, and ending a session frees its place.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rawPost, rawSession } from './raw-mcp.js';
import { startStack, type Stack } from '../../../kit/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'flood', version: '1' } },
};

describe('MCP session caps', () => {
  it('refuses sessions past the per-user cap with 429 and the reason, and frees a place on DELETE', async () => {
    stack = await startStack({ navigator: { maxSessionsPerUser: 3, maxSessionsPerKey: 100 } });
    const opened = [];
    for (let i = 0; i < 3; i++) opened.push(await rawSession(stack, 'alice'));
    const refused = await rawPost(stack.mcpUrl, stack.mcpHeaders('alice'), INIT);
    expect(refused.status).toBe(429);
    expect(refused.json?.error?.message).toMatch(/Too many open MCP sessions for user 'alice' \(limit 3\)/);
    expect(refused.headers.get('mcp-session-id')).toBeNull();
    // Another user is not affected.
    await rawSession(stack, 'bob');
    // DELETE ends one of alice's sessions; then she can open one again.
    const ended = await rawPost(
      stack.mcpUrl,
      { ...stack.mcpHeaders('alice'), 'mcp-session-id': opened[0]?.id ?? '' },
      undefined,
      'DELETE',
    );
    expect(ended.status).toBe(200);
    await rawSession(stack, 'alice');
    expect((await rawPost(stack.mcpUrl, stack.mcpHeaders('alice'), INIT)).status).toBe(429);
  });

  it('refuses sessions past the per-key cap with 429, whichever user asks', async () => {
    stack = await startStack({ navigator: { maxSessionsPerKey: 4, maxSessionsPerUser: 100 } });
    for (const user of ['alice', 'alice', 'bob', 'carol']) await rawSession(stack, user);
    for (const user of ['alice', 'bob', 'carol']) {
      const refused = await rawPost(stack.mcpUrl, stack.mcpHeaders(user), INIT);
      expect(refused.status).toBe(429);
      expect(refused.json?.error?.message).toMatch(/Too many open MCP sessions for this instance key \(limit 4\)/);
    }
    // A client that goes through initialize is refused too, with the reason in its error.
    const s = await rawSession(stack, 'alice').catch((e: unknown) => e);
    expect(String(s)).toMatch(/HTTP 429.*instance key/);
  });

  it('holds the cap against a burst of parallel initializes (no session past the cap is created)', async () => {
    stack = await startStack({ navigator: { maxSessionsPerUser: 5, maxSessionsPerKey: 100 } });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => rawPost(stack!.mcpUrl, stack!.mcpHeaders('alice'), INIT)),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(15);
    const health = (await (await fetch(`${stack.navigator.url}/healthz`)).json()) as { sessions: number };
    expect(health.sessions).toBe(5);
  });
});
