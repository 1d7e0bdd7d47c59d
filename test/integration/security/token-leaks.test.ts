/**
 * No downstream access or refresh token leaves the navigator: a full conversation (link, guided auth,
 * Slack read, Linear create, token expiry and refresh, revocation) is run through the agent, and every
 * output is scanned for every token value the navigator ever held and for anything token-shaped: the
 * chat streams, the agent's transcripts, every log line, MCP tool results, API responses, and the
 * harness's report (JSON, JUnit, pretty) of scenario runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../harness/load.js';
import { junitReport } from '../../../harness/reporters/junit.js';
import { prettySummary } from '../../../harness/reporters/pretty.js';
import { runAll } from '../../../harness/runner.js';
import { authenticateViaLink, findAuthLink } from '../agent/support.js';
import { signIn } from '../../../kit/chat-client.js';
import type { Stack } from '../../../kit/stack.js';
import { conversation, mockAdmin, startChatStack } from '../reliability/support.js';

/** Anything shaped like a token the mocks issue, whatever its value. */
const TOKEN_SHAPE = /(xoxm|lin_mock)_(at|rt)_[A-Za-z0-9_-]{8,}/;

let stack: Stack;
const tokens = new Set<string>();
const outputs: Array<{ where: string; text: string }> = [];
const collect = async () => (await stack.heldTokens()).forEach((t) => tokens.add(t));
const see = (where: string, value: unknown) =>
  void outputs.push({ where, text: typeof value === 'string' ? value : JSON.stringify(value) });

async function getText(url: string, headers: Record<string, string> = {}): Promise<string> {
  const r = await fetch(url, { headers });
  return `${r.status} ${await r.text()}`;
}

beforeAll(async () => {
  stack = await startChatStack();
  const chat = await conversation(stack, 'alice');
  const first = await chat.send('Can you check my Slack messages and create a Linear issue?');
  see('chat turn 1', first.chunks);
  await authenticateViaLink(findAuthLink(first.text) ?? '', 'alice', ['slack', 'linear']);
  await collect();
  const second = await chat.send("Done! I've authenticated both.");
  see('chat turn 2', second.chunks);
  expect(second.text).toMatch(/Created ENG-\d+/);

  await mockAdmin(stack.slack.url, '/admin/tokens/expire', { account: 'alice' });
  const third = await chat.send('Can you check my Slack messages?');
  see('chat turn 3 (after expiry)', third.chunks);
  await collect();
  expect(third.text).toContain('INC-232');

  await mockAdmin(stack.linear.url, '/admin/tokens/revoke', { account: 'alice' });
  const fourth = await chat.send('List my Linear issues');
  see('chat turn 4 (after revocation)', fourth.chunks);
  await collect();

  const mcp = await stack.mcpClient('alice');
  see('tools/list', await mcp.listTools());
  see('list_server_tools', await mcp.callTool({ name: 'list_server_tools', arguments: { server: 'slack' } }));
  see(
    'call_server_tool',
    await mcp.callTool({
      name: 'call_server_tool',
      arguments: { server: 'slack', tool: 'read_channel', arguments: { channel: 'general' } },
    }),
  );
  see('linear after revocation', await mcp.callTool({ name: 'linear__list_issues', arguments: {} }));
  see('get_authentication_link', await mcp.callTool({ name: 'get_authentication_link', arguments: {} }));

  for (const path of [
    '/api/projects/demo',
    '/api/projects/demo/auth-link',
    '/api/projects/demo/users/alice/status',
    '/api/projects/demo/users/bob/status',
  ])
    see(`settings ${path}`, (await stack.api('GET', path)).text);
  const cookie = await signIn(stack.agent.url, 'alice');
  for (const path of ['/api/status', '/api/session', '/api/models', '/api/connections'])
    see(`agent ${path}`, await getText(`${stack.agent.url}${path}`, { cookie }));
  // The settings pass-through is for admin sessions (roles).
  const adminCookie = await signIn(stack.agent.url, 'admin');
  for (const path of [
    '/api/navigator/projects/demo',
    '/api/navigator/projects/demo/users/alice/status',
    '/api/auth-preview',
  ])
    see(`agent ${path}`, await getText(`${stack.agent.url}${path}`, { cookie: adminCookie }));
  for (const base of [stack.slack.url, stack.linear.url])
    see(`mock admin state ${base}`, await getText(`${base}/admin/state`));
  see('navigator healthz', await getText(`${stack.navigator.url}/healthz`));

  await stack.agent.transcripts.flush();
  for (const f of readdirSync(stack.agent.transcriptsDir))
    see(`transcript ${f}`, readFileSync(join(stack.agent.transcriptsDir, f), 'utf8'));
  see('logs', stack.logs.join('\n'));
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('no downstream token leaves the navigator', () => {
  it('the full run rotated and held several tokens (the scan has something to find)', () => {
    expect(tokens.size).toBeGreaterThanOrEqual(6);
    expect(outputs.length).toBeGreaterThan(15);
    expect(outputs.some((o) => o.where.startsWith('transcript'))).toBe(true);
  });

  it('no token value or token-shaped string in any chat stream, tool result, transcript, log line or API response', () => {
    const leaks: string[] = [];
    for (const o of outputs) {
      for (const t of tokens) if (o.text.includes(t)) leaks.push(`${o.where} contains a held token`);
      const shaped = TOKEN_SHAPE.exec(o.text);
      if (shaped) leaks.push(`${o.where} contains a token-shaped string ${shaped[0].slice(0, 14)}...`);
    }
    expect(leaks).toEqual([]);
  });

  it("the harness's reports of scenario runs (JSON, JUnit, pretty) contain no token", async () => {
    const scenarios = ['document-example', 'token-expired-refreshed', 'token-revoked-mid-conversation'].map((n) =>
      loadScenario(join('scenarios', `${n}.yaml`)),
    );
    const report = await runAll(scenarios, { model: 'scripted', concurrency: 3 });
    for (const run of report.runs) {
      const check = run.turns.find((t) => t.kind === 'expectation' && t.id === 'no_downstream_tokens');
      expect(check && 'passed' in check ? check.passed : undefined, `${run.name}: ${run.failures.join('; ')}`).toBe(
        true,
      );
    }
    for (const text of [JSON.stringify(report), junitReport(report), prettySummary(report)])
      expect(TOKEN_SHAPE.exec(text)?.[0]).toBeUndefined();
  }, 120_000);
});
