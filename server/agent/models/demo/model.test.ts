// The demo model under test, driven by the real AI SDK loop (streamText + stepCountIs). The tools are
// the boundary: real tool definitions whose execute functions answer canned navigator results.
import { stepCountIs, streamText, tool, type ModelMessage, type ToolSet } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AuthLinkResult } from '../../../shared/contracts.js';
import { createDemoModel } from './model.js';

const LINK = 'http://127.0.0.1:3100/auth?auth_link_id=abc-123';
const servers = (slack: string, linear: string): AuthLinkResult['servers'] => [
  { name: 'slack', display_name: 'Slack', auth_level: 'user', state: slack as 'connected' },
  { name: 'linear', display_name: 'Linear', auth_level: 'user', state: linear as 'connected' },
];
const needed = (missing: string[]): AuthLinkResult => ({
  status: 'authentication_needed',
  auth_link: LINK,
  unauthenticated_servers: missing,
  servers: servers(
    missing.includes('slack') ? 'needs_connecting' : 'connected',
    missing.includes('linear') ? 'needs_connecting' : 'connected',
  ),
  message: 'The user must authenticate.',
});
const allSet: AuthLinkResult = {
  status: 'fully_authenticated',
  unauthenticated_servers: [],
  servers: servers('connected', 'connected'),
  message: 'ok',
};

const DMS = {
  messages: [
    { user: 'bob', channel: 'dm', text: 'The login page times out on Safari. Can someone look?' },
    { user: 'carol', channel: 'dm', text: 'Reminder: retro on Friday.' },
  ],
};

interface Calls {
  name: string;
  input: unknown;
}

function navigatorTools(
  opts: { auth?: AuthLinkResult[]; direct?: boolean; generic?: boolean; failSlack?: string },
  calls: Calls[],
): ToolSet {
  const authQueue = [...(opts.auth ?? [])];
  let issueNo = 30;
  const downstream = (server: string, name: string, input: Record<string, unknown>) => {
    if (server === 'slack' && opts.failSlack) throw new Error(opts.failSlack);
    if (name === 'read_direct_messages' || name === 'read_channel' || name === 'search_messages') return DMS;
    if (name === 'create_issue')
      return { issue: { identifier: `ENG-${++issueNo}`, title: input.title, state: 'Todo' } };
    if (name === 'update_issue_state') return { issue: { identifier: input.id, title: 'Fix it', state: input.state } };
    if (name === 'list_issues') return { issues: [{ identifier: 'ENG-1', title: 'Crash on start', state: 'Todo' }] };
    if (name === 'post_message') return { ok: true, channel: input.channel, ts: '1' };
    return {};
  };
  const tools: ToolSet = {};
  if (opts.auth) {
    tools.get_authentication_link = tool({
      description: 'Check authentication',
      inputSchema: z.object({}),
      execute: async () => {
        calls.push({ name: 'get_authentication_link', input: {} });
        return authQueue.length > 1 ? authQueue.shift() : authQueue[0];
      },
    });
  }
  if (opts.direct !== false) {
    const direct = (server: string, name: string, schema: z.ZodObject) =>
      tool({
        description: `${server} ${name}`,
        inputSchema: schema,
        execute: async (input: Record<string, unknown>) => {
          calls.push({ name: `${server}__${name}`, input });
          return downstream(server, name, input);
        },
      });
    tools.slack__read_direct_messages = direct(
      'slack',
      'read_direct_messages',
      z.object({ limit: z.number().optional() }),
    );
    tools.slack__post_message = direct(
      'slack',
      'post_message',
      z.object({ channel_name: z.string(), text: z.string() }),
    );
    tools.linear__create_issue = direct(
      'linear',
      'create_issue',
      z.object({ team: z.string(), title: z.string(), description: z.string().optional() }),
    );
    tools.linear__update_issue_state = direct(
      'linear',
      'update_issue_state',
      z.object({ id: z.string(), state: z.string() }),
    );
    tools.linear__list_issues = direct(
      'linear',
      'list_issues',
      z.object({ team: z.string().optional(), state: z.string().optional() }),
    );
  }
  if (opts.generic) {
    tools.call_server_tool = tool({
      description: 'Call a tool of a connected server',
      inputSchema: z.object({
        server: z.string(),
        tool: z.string(),
        arguments: z.record(z.string(), z.unknown()).optional(),
      }),
      execute: async ({ server, tool: name, arguments: args }) => {
        calls.push({ name: `call_server_tool:${server}/${name}`, input: args ?? {} });
        return downstream(server, name, args ?? {});
      },
    });
  }
  return tools;
}

async function turn(history: ModelMessage[], text: string, tools: ToolSet) {
  history.push({ role: 'user', content: text });
  const result = streamText({
    model: createDemoModel({ chunkDelayMs: 0 }),
    system: 'test',
    messages: history,
    tools,
    stopWhen: stepCountIs(10),
  });
  let deltas = 0;
  for await (const part of result.fullStream) if (part.type === 'text-delta') deltas++;
  history.push(...(await result.response).messages);
  return { text: (await result.steps).map((s) => s.text).join(' '), deltas };
}

describe('demo model', () => {
  it('[B17] checks status, shares the link naming both servers, waits, verifies, then reads Slack and creates the issue', async () => {
    const calls: Calls[] = [];
    const tools = navigatorTools({ auth: [needed(['slack', 'linear']), allSet] }, calls);
    const history: ModelMessage[] = [];

    const first = await turn(history, 'Can you check my Slack messages and create a Linear issue?', tools);
    expect(first.text).toContain('Let me check your authentication status first.');
    expect(first.text).toContain(
      `It looks like you haven't connected your Slack and Linear accounts yet. Please authenticate using this link: ${LINK}`,
    );
    expect(first.text).toContain("let me know and I'll proceed");
    expect(calls.map((c) => c.name)).toEqual(['get_authentication_link']);
    expect(first.deltas).toBeGreaterThan(5);

    const second = await turn(history, "Done! I've authenticated both.", tools);
    expect(calls.map((c) => c.name)).toEqual([
      'get_authentication_link',
      'get_authentication_link',
      'slack__read_direct_messages',
      'linear__create_issue',
    ]);
    expect(second.text).toContain("Great, you're all set! Let me check your Slack messages now...");
    expect(calls[3]?.input).toMatchObject({ team: 'ENG', title: 'Follow up: The login page times out on Safari' });
    expect(second.text).toContain('The login page times out on Safari');
    expect(second.text).toContain('Created ENG-31: Follow up: The login page times out on Safari');
  });

  it('[B10] says which server is still missing after a partial connection and re-shares the link', async () => {
    const calls: Calls[] = [];
    const tools = navigatorTools({ auth: [needed(['slack', 'linear']), needed(['linear'])] }, calls);
    const history: ModelMessage[] = [];
    await turn(history, 'Can you check my Slack messages and create a Linear issue?', tools);
    const second = await turn(history, 'ok connected', tools);
    expect(second.text).toContain("Slack is connected now, but Linear still isn't");
    expect(second.text).toContain(LINK);
    expect(calls.map((c) => c.name)).toEqual(['get_authentication_link', 'get_authentication_link']);
  });

  it('[B12] uses call_server_tool when the session lists no direct tools for the server', async () => {
    const calls: Calls[] = [];
    const tools = navigatorTools({ auth: [allSet], direct: false, generic: true }, calls);
    const { text } = await turn([], 'Check my slack DMs and create a linear issue for team OPS', tools);
    expect(calls.map((c) => c.name)).toEqual([
      'get_authentication_link',
      'call_server_tool:slack/read_direct_messages',
      'call_server_tool:linear/create_issue',
    ]);
    expect(calls[2]?.input).toMatchObject({ team: 'OPS' });
    expect(text).toContain("You're connected. Let me check your Slack messages now...");
    expect(text).toContain('Created ENG-31');
  });

  it('only names the servers the request needs', async () => {
    const calls: Calls[] = [];
    const { text } = await turn(
      [],
      'post "ship it" to #general on Slack',
      navigatorTools({ auth: [needed(['slack', 'linear'])] }, calls),
    );
    expect(text).toContain("haven't connected your Slack account yet");
    expect(text).not.toContain('Linear');
  });

  it('proceeds when only servers it does not need are missing, adapting argument names to the schema', async () => {
    const calls: Calls[] = [];
    const { text } = await turn(
      [],
      'post "ship it" to #general on Slack',
      navigatorTools({ auth: [needed(['linear'])] }, calls),
    );
    expect(calls[1]).toEqual({ name: 'slack__post_message', input: { channel_name: 'general', text: 'ship it' } });
    expect(text).toContain('Posted to #general: "ship it"');
  });

  it('updates and lists Linear issues from the real results', async () => {
    const calls: Calls[] = [];
    const tools = navigatorTools({ auth: [allSet] }, calls);
    const moved = await turn([], 'Move ENG-3 to In Progress', tools);
    expect(calls[1]).toEqual({ name: 'linear__update_issue_state', input: { id: 'ENG-3', state: 'In Progress' } });
    expect(moved.text).toContain('Moved ENG-3 to In Progress.');
    const listed = await turn([], 'show my linear issues', tools);
    expect(listed.text).toContain('ENG-1 Crash on start (Todo)');
  });

  it('with the feature off, tries the tool and points to the connections page on a not-connected error, without the model-facing text', async () => {
    const calls: Calls[] = [];
    const tools = navigatorTools(
      { failSlack: 'The user has not connected Slack yet. Ask the user to connect Slack before trying again.' },
      calls,
    );
    const { text } = await turn([], 'Can you check my Slack messages?', tools);
    expect(calls.map((c) => c.name)).toEqual(['slack__read_direct_messages']);
    expect(text).toContain("I couldn't check your Slack messages: Slack isn't connected for you yet.");
    expect(text).toContain("connect Slack on your navigator's connections page");
    expect(text).not.toMatch(/settings page|Ask the user|Safari/);
  });

  it('prefers a machine-readable code over the error text', async () => {
    const calls: Calls[] = [];
    const tools = navigatorTools(
      { failSlack: JSON.stringify({ code: 'auth_expired', message: 'whatever the prose says' }) },
      calls,
    );
    const { text } = await turn([], 'Can you check my Slack messages?', tools);
    expect(text).toContain('your Slack connection expired');
    expect(text).not.toContain('whatever the prose says');
  });

  it('[B16] re-checks status when a tool says the credentials expired, and shares the link', async () => {
    const calls: Calls[] = [];
    const tools = navigatorTools({ auth: [allSet, needed(['slack'])], failSlack: 'Slack credentials expired' }, calls);
    const { text } = await turn([], 'Can you check my Slack messages?', tools);
    expect(calls.map((c) => c.name)).toEqual([
      'get_authentication_link',
      'slack__read_direct_messages',
      'get_authentication_link',
    ]);
    expect(text).toContain(LINK);
    expect(text).not.toContain('Safari');
  });

  it('reports other tool errors without inventing results', async () => {
    const calls: Calls[] = [];
    const { text } = await turn(
      [],
      'check my slack messages and create a linear issue',
      navigatorTools({ auth: [allSet], failSlack: 'Slack returned an error: rate_limited by the workspace' }, calls),
    );
    expect(text).toContain('Slack said: rate_limited by the workspace');
    expect(text).toContain("I won't guess");
    expect(calls.map((c) => c.name)).not.toContain('linear__create_issue');
    const down = await turn(
      [],
      'check my slack messages',
      navigatorTools({ auth: [allSet], failSlack: 'upstream timed out' }, calls),
    );
    expect(down.text).toContain('Slack is unavailable right now');
  });

  it.each(['What is the capital of France?', 'tell me a joke', "what's the weather tomorrow?"])(
    'answers "%s" honestly: what it is, what it can do, no tools, no made-up answer',
    async (msg) => {
      const calls: Calls[] = [];
      const { text } = await turn([], msg, navigatorTools({ auth: [allSet] }, calls));
      expect(text).toContain(
        "I'm the offline demo model, so I can't answer general questions or do anything outside your Slack and Linear, and I won't guess.",
      );
      expect(text).toContain('Can you check my Slack messages and create a Linear issue?');
      expect(text).not.toMatch(/Paris|sent|sunny|rain/i);
      expect(calls).toEqual([]);
    },
  );

  it.each([
    ['post to #general on slack', 'What should I post to #general? For example: post "ship it" to #general'],
    [
      'create a linear issue',
      'What should the Linear issue be called? For example: create a Linear issue titled "Fix the login timeout"',
    ],
    [
      'send an email to bob',
      "I can't send emails or invites or manage calendars. I'm the offline demo model and only work with your Slack and Linear.",
    ],
  ])('asks instead of making up what "%s" leaves out, or says it cannot', async (msg, reply) => {
    const calls: Calls[] = [];
    const { text } = await turn([], msg, navigatorTools({ auth: [allSet] }, calls));
    expect(text).toBe(reply);
    expect(calls).toEqual([]);
  });

  it('resumes the pending request when the user says a service is connected (not a new Slack read)', async () => {
    const calls: Calls[] = [];
    const tools = navigatorTools({ auth: [needed(['slack']), allSet] }, calls);
    const history: ModelMessage[] = [];
    await turn(history, "post 'hello team' to #random on slack", tools);
    const { text } = await turn(history, 'done, slack is connected', tools);
    expect(calls.map((c) => c.name)).toEqual([
      'get_authentication_link',
      'get_authentication_link',
      'slack__post_message',
    ]);
    expect(calls[2]?.input).toEqual({ channel_name: 'random', text: 'hello team' });
    expect(text).toContain('Posted to #random: "hello team"');
  });

  it('does not redo finished work when the user just says ok', async () => {
    const calls: Calls[] = [];
    const tools = navigatorTools({ auth: [allSet] }, calls);
    const history: ModelMessage[] = [];
    await turn(history, 'Move ENG-3 to Done', tools);
    const before = calls.length;
    const { text } = await turn(history, 'ok, thanks', tools);
    expect(calls.length).toBe(before);
    expect(text).toContain('What would you like me to do next?');
  });
});
