// Navigator failures reach the person chatting as one clear chat message (never a hang, a raw
// JSON-RPC body or a stack trace): unreachable, the instance key refused, gone mid-conversation.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentServer, type RunningAgentServer } from '../../../server/agent/app.js';
import { transcriptFileName } from '../../../server/agent/transcripts.js';
import { CHAT_ERROR_PART, ChatErrorData } from '../../../server/shared/contracts.js';
import type { Stack } from '../../../kit/stack.js';
import { startAgentStack } from './support.js';
import { Conversation, signIn, type ChatTurn as Turn } from '../../../kit/chat-client.js';

/** The error chunks of the stream: what the chat page shows. */
const shown = (turn: Turn) => turn.chunks.flatMap((c) => (c.type === 'error' ? [c.errorText] : []));
/** The codes of the stream's `data-chat-error` parts. */
const codes = (turn: Turn) =>
  turn.chunks.flatMap((c) => (c.type === CHAT_ERROR_PART ? [ChatErrorData.parse(c.data).code] : []));

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

describe('navigator errors in the chat', () => {
  let agent: RunningAgentServer;
  let navigatorUrl: string;
  let stack: Stack;
  beforeAll(async () => {
    navigatorUrl = `http://127.0.0.1:${await closedPort()}`;
    agent = await startAgentServer({
      navigatorUrl,
      navigatorApiKey: 'k',
      navigatorAdminKey: 'k',
      sessionSecret: 'test-session-secret-0123456789',
      log: () => {},
      transcriptsDir: mkdtempSync(join(tmpdir(), 'nav-err-')),
    });
    stack = await startAgentStack({ navigatorApiKey: 'nav_not_the_instance_key' });
  });
  afterAll(async () => {
    await agent?.close();
    await stack?.close();
  });

  it('an unreachable navigator: says so, with its URL, and the transcript keeps the error', async () => {
    const chat = new Conversation(agent.url, await signIn(agent.url, 'alice'));
    const turn = await chat.send('Can you check my Slack messages?');
    expect(shown(turn)).toEqual([
      `Could not open the navigator session, so I have no tools right now. Could not reach the navigator at ${navigatorUrl} (ECONNREFUSED). Is it running?`,
    ]);
    // The stable code the chat page switches on comes before the error (contracts.ts ChatErrorCode).
    expect(codes(turn)).toEqual(['navigator_unavailable']);
    await agent.transcripts.flush();
    const transcript = readFileSync(join(agent.transcriptsDir, transcriptFileName(chat.id)), 'utf8');
    expect(transcript).toContain('"type":"error"');
    expect(transcript).toContain('ECONNREFUSED');
    const status = await fetch(`${agent.url}/api/status`, { headers: { cookie: await signIn(agent.url, 'alice') } });
    expect(status.status).toBe(502);
    expect(await status.json()).toMatchObject({
      error: {
        code: 'bad_gateway',
        message: expect.stringContaining(`Could not reach the navigator at ${navigatorUrl}`),
      },
    });
  });

  it("a refused instance key: names the key to check and the navigator's own reason, not its JSON-RPC body", async () => {
    const chat = new Conversation(stack.agent.url, await signIn(stack.agent.url, 'alice'));
    const turn = await chat.send('hello');
    expect(shown(turn)).toHaveLength(1);
    expect(shown(turn)[0]).toMatch(
      /^Could not open the navigator session, so I have no tools right now\. The navigator refused the agent's instance API key \(HTTP 401: Missing or wrong instance API key.*\)\. Check NAVIGATOR_API_KEY\.$/,
    );
    expect(shown(turn)[0]).not.toContain('jsonrpc');
  });
});

describe('the navigator going away mid-conversation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startAgentStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('the next turn reports the navigator unreachable; after it is back the conversation continues', async () => {
    const chat = new Conversation(stack.agent.url, await signIn(stack.agent.url, 'bob'));
    expect((await chat.send('Can you check my Slack messages?')).toolCalls.map((c) => c.name)).toEqual([
      'get_authentication_link',
    ]);
    await stack.stopNavigator();
    const down = await chat.send('Can you check my Slack messages?');
    expect(shown(down)).toEqual([
      `Could not open the navigator session, so I have no tools right now. Could not reach the navigator at ${stack.navigatorUrl} (ECONNREFUSED). Is it running?`,
    ]);
    await stack.restartNavigator();
    const back = await chat.send('Can you check my Slack messages?');
    expect(back.errors).toEqual([]);
    expect(back.text).toContain("haven't connected your Slack account yet");
  });
});
