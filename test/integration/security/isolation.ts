/**
 * The isolation workload, shared by the fast test and the stress tier: N navigator users, each with
 * two concurrent MCP sessions, all at once run the guided auth flow (connecting Slack, and Linear for
 * every other user, as one of the mock accounts), then tag data with a unique marker and read it back
 * through both sessions. Checks: every answer is the user's own (right downstream account, own marker,
 * own status), users without Linear never reach it, and nothing fails that should not.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { randomBytes } from 'node:crypto';
import { startStack, type Stack } from '../../../kit/stack.js';

const ACCOUNTS = ['alice', 'bob', 'carol'] as const;

export interface IsolationStack {
  stack: Stack;
  users: string[];
  close(): Promise<void>;
}

/** A navigator seeded with `count` users (u00, u01, ...; password = id) in front of fresh mocks. */
export async function startIsolationStack(count: number): Promise<IsolationStack> {
  const users = Array.from({ length: count }, (_, i) => `u${String(i).padStart(2, '0')}`);
  const stack = await startStack({
    users,
    project: { name: 'Isolation project' },
    instance: { name: 'Isolation' },
  });
  return { stack, users, close: () => stack.close() };
}

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content?: unknown };

const call = async (c: Client, server: string, tool: string, args: Record<string, unknown>): Promise<Result> =>
  (await c.callTool({ name: 'call_server_tool', arguments: { server, tool, arguments: args } })) as Result;

export interface IsolationOutcome {
  sessions: number;
  calls: number;
  problems: string[];
}

/** Runs the workload for every user at once; `problems` lists every isolation breach or error. */
export async function runIsolation(iso: IsolationStack): Promise<IsolationOutcome> {
  const { stack, users } = iso;
  const problems: string[] = [];
  let calls = 0;
  let sessions = 0;
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };

  const runUser = async (user: string, i: number) => {
    const account = ACCOUNTS[i % ACCOUNTS.length] ?? 'alice';
    const withLinear = i % 2 === 0;
    const marker = `marker-${user}-${randomBytes(6).toString('hex')}`;
    const [a, b] = await Promise.all([stack.mcpClient(user), stack.mcpClient(user)]);
    if (!a || !b) throw new Error('no client');
    sessions += 2;

    const before = (await a.callTool({ name: 'get_authentication_link', arguments: {} })) as Result;
    calls++;
    check(
      before.structuredContent?.status === 'authentication_needed',
      `${user}: status before connecting is ${String(before.structuredContent?.status)}`,
    );

    await stack.connect(user, withLinear ? ['slack', 'linear'] : ['slack'], account);

    const after = (await b.callTool({ name: 'get_authentication_link', arguments: {} })) as Result;
    calls++;
    const expected = withLinear ? [] : ['linear'];
    check(
      JSON.stringify(after.structuredContent?.unauthenticated_servers) === JSON.stringify(expected),
      `${user}: unauthenticated after connecting ${JSON.stringify(after.structuredContent?.unauthenticated_servers)}`,
    );

    const posted = await call(b, 'slack', 'post_message', { channel: 'random', text: `hello from ${marker}` });
    calls++;
    check(
      !posted.isError && posted.structuredContent?.user === account,
      `${user}: posted as ${String(posted.structuredContent?.user)} instead of ${account}`,
    );

    const found = await call(a, 'slack', 'search_messages', { query: marker });
    calls++;
    const matches = (found.structuredContent?.matches as Array<{ user: string; text: string }> | undefined) ?? [];
    check(
      !found.isError && matches.length === 1 && matches[0]?.user === account && matches[0]?.text.includes(marker),
      `${user}: search for own marker gave ${JSON.stringify(matches).slice(0, 200)}`,
    );

    const dms = await call(a, 'slack', 'read_direct_messages', {});
    calls++;
    check(
      !dms.isError && dms.structuredContent?.account === account,
      `${user}: DMs of ${String(dms.structuredContent?.account)} instead of ${account}`,
    );

    const issue = await call(b, 'linear', 'create_issue', { team: 'ENG', title: `Issue ${marker}` });
    calls++;
    if (withLinear) {
      const created = issue.structuredContent?.issue as { creator?: string; title?: string } | undefined;
      check(
        !issue.isError && created?.creator === account && created.title === `Issue ${marker}`,
        `${user}: issue created as ${String(created?.creator)}`,
      );
      const listed = await call(a, 'linear', 'list_issues', { query: marker });
      calls++;
      check(
        !listed.isError && JSON.stringify(listed.structuredContent ?? listed.content).includes(marker),
        `${user}: own issue not listed`,
      );
    } else {
      check(
        issue.isError === true && JSON.stringify(issue.content).includes('has not connected Linear'),
        `${user}: reached Linear without connecting it: ${JSON.stringify(issue.content).slice(0, 200)}`,
      );
    }
    return { user, account, marker, withLinear };
  };

  const settled = await Promise.allSettled(users.map((u, i) => runUser(u, i)));
  const done: Array<{ user: string; account: string; marker: string; withLinear: boolean }> = [];
  for (const [i, s] of settled.entries()) {
    if (s.status === 'fulfilled') done.push(s.value);
    else problems.push(`${users[i] ?? '?'}: ${s.reason instanceof Error ? s.reason.message : String(s.reason)}`);
  }

  // The services' own record: each marker exactly once, by the right account.
  const slackState = (await (await fetch(`${stack.slack.url}/admin/state`)).json()) as {
    postedMessages: Array<{ user: string; text: string }>;
  };
  const linearState = (await (await fetch(`${stack.linear.url}/admin/state`)).json()) as {
    createdIssues: Array<{ creator: string; title: string }>;
  };
  for (const d of done) {
    const posts = slackState.postedMessages.filter((m) => m.text.includes(d.marker));
    check(posts.length === 1 && posts[0]?.user === d.account, `${d.user}: Slack recorded ${JSON.stringify(posts)}`);
    const issues = linearState.createdIssues.filter((x) => x.title.includes(d.marker));
    check(
      issues.length === (d.withLinear ? 1 : 0) && issues.every((x) => x.creator === d.account),
      `${d.user}: Linear recorded ${JSON.stringify(issues)}`,
    );
  }
  return { sessions, calls, problems };
}
