// The documented conversation over HTTP with the offline demo model, against the real navigator and
// mock servers; the user authenticates for real (guided flow + OAuth consent) between the turns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptFileName } from '../../../server/agent/transcripts.js';
import type { Stack } from '../../../kit/stack.js';
import { authenticateViaLink, findAuthLink, startAgentStack } from './support.js';
import { Conversation, signIn, type ChatTurn as Turn } from '../../../kit/chat-client.js';

describe('agent with the demo model', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startAgentStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('[B17] reads Slack and creates the Linear issue after the user authenticates through the link', async () => {
    const cookie = await signIn(stack.agent.url, 'alice');
    const chat = new Conversation(stack.agent.url, cookie);

    const first = await chat.send('Can you check my Slack messages and create a Linear issue?');
    expect(first.errors).toEqual([]);
    expect(first.toolCalls.map((c) => c.name)).toEqual(['get_authentication_link']);
    const link = findAuthLink(first.text);
    expect(link).toBeDefined();
    expect(link).toBe(findAuthLink(first.toolOutputs[0]?.output));
    expect(first.text).toContain("It looks like you haven't connected your Slack and Linear accounts yet.");
    expect(first.text).toContain("Once you've completed authentication, let me know and I'll proceed.");
    const before = await stack.linearState();
    expect(before.createdIssues).toEqual([]);

    await authenticateViaLink(link ?? '', 'alice', ['slack', 'linear']);

    const second = await chat.send("Done! I've authenticated both.");
    expect(second.errors).toEqual([]);
    const names = second.toolCalls.map((c) => c.name);
    expect(names[0]).toBe('get_authentication_link');
    expect(second.text).toContain("Great, you're all set! Let me check your Slack messages now...");
    // The session started before Slack and Linear were connected: their tools are reached through call_server_tool (B12/B13).
    expect(second.toolCalls.slice(1)).toEqual([
      { name: 'call_server_tool', input: { server: 'slack', tool: 'read_direct_messages', arguments: {} } },
      { name: 'call_server_tool', input: expect.objectContaining({ server: 'linear', tool: 'create_issue' }) },
    ]);
    expect(second.text).toContain('INC-232 looks like the refresh race');
    const created = /Created (ENG-\d+): (.+)/.exec(second.text);
    expect(created?.[2]).toContain('Follow up: INC-232 looks like the refresh race');

    const after = await stack.linearState();
    expect(after.createdIssues).toHaveLength(1);
    expect(after.createdIssues[0]).toMatchObject({ id: created?.[1], team: 'ENG', creator: 'alice' });
    expect(after.createdIssues[0]?.title).toMatch(/^Follow up: /);

    // No downstream token in any streamed chunk or in the transcript.
    const tokens = await stack.heldTokens(['alice']);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    await stack.agent.transcripts.flush();
    const transcript = readFileSync(join(stack.agent.transcriptsDir, transcriptFileName(chat.id)), 'utf8');
    const streamed = JSON.stringify([first.chunks, second.chunks]);
    for (const token of tokens) {
      expect(streamed).not.toContain(token);
      expect(transcript).not.toContain(token);
    }

    // The transcript records both turns: user messages, tool calls with inputs, results, model and user.
    const entries = transcript
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            type: string;
            user?: string;
            model?: string;
            userMessage?: string;
            toolCalls?: Array<{ toolName: string; input: unknown }>;
          },
      );
    expect(entries.filter((e) => e.type === 'turn_start').map((e) => [e.user, e.model, e.userMessage])).toEqual([
      ['alice', 'demo', 'Can you check my Slack messages and create a Linear issue?'],
      ['alice', 'demo', "Done! I've authenticated both."],
    ]);
    const called = entries.flatMap((e) => e.toolCalls ?? []).map((c) => c.toolName);
    expect(called).toEqual([
      'get_authentication_link',
      'get_authentication_link',
      'call_server_tool',
      'call_server_tool',
    ]);
    expect(entries.filter((e) => e.type === 'turn_end')).toHaveLength(2);
  });

  it('[B13] a new conversation gets a new session whose tool list includes the servers connected since', async () => {
    const cookie = await signIn(stack.agent.url, 'alice');
    const chat = new Conversation(stack.agent.url, cookie);
    const turn: Turn = await chat.send('Can you check my Slack messages?');
    expect(turn.toolCalls.map((c) => c.name)).toEqual(['get_authentication_link', 'slack__read_direct_messages']);
    expect(turn.text).toContain("You're connected. Let me check your Slack messages now...");
    expect(turn.text).toContain('INC-232');
  });

  it('[B2] another user on the same instance gets their own status and link', async () => {
    const chat = new Conversation(stack.agent.url, await signIn(stack.agent.url, 'bob'));
    const turn = await chat.send('Can you check my Slack messages and create a Linear issue?');
    expect(turn.text).toContain("haven't connected your Slack and Linear accounts yet");
    expect(turn.toolCalls.map((c) => c.name)).toEqual(['get_authentication_link']);
  });
});
