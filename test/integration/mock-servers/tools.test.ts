/**
 * The mock tools through a real MCP client with real tokens: listing metadata, readable text plus
 * structuredContent, per-account views, writes recorded in /admin/state, and helpful tool errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { startLinearServer } from '../../../mock-servers/linear/index.js';
import { admin, connect, signIn, textOf } from './helpers.js';

type Structured = Record<string, unknown>;
const structured = (r: unknown): Structured => (r as { structuredContent: Structured }).structuredContent;

describe('mock Slack tools', () => {
  let slack: Awaited<ReturnType<typeof startSlackServer>>;
  let alice: Client;
  beforeAll(async () => {
    slack = await startSlackServer({ admin: true });
    alice = (await connect(slack.url, (await signIn(slack.url, 'alice')).access_token)).client;
  });
  afterAll(async () => {
    await alice.close();
    await slack.close();
  });

  it('lists the five tools with titles and annotations', async () => {
    const { tools } = await alice.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'list_channels',
      'post_message',
      'read_channel',
      'read_direct_messages',
      'search_messages',
    ]);
    const post = tools.find((t) => t.name === 'post_message');
    expect(post?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false });
    expect(tools.find((t) => t.name === 'read_channel')?.annotations?.readOnlyHint).toBe(true);
    expect(tools.every((t) => t.title && t.description)).toBe(true);
  });

  it('lists channels and reads the latest messages of one', async () => {
    const channels = structured(await alice.callTool({ name: 'list_channels', arguments: {} })).channels as {
      name: string;
    }[];
    expect(channels.map((c) => c.name)).toEqual(
      expect.arrayContaining(['general', 'engineering', 'design', 'incidents', 'random']),
    );
    const read = await alice.callTool({ name: 'read_channel', arguments: { channel: '#incidents', limit: 2 } });
    const messages = structured(read).messages as { user: string; text: string; at: string }[];
    expect(messages).toHaveLength(2);
    expect(messages[1]?.text).toContain('INC-232 still open');
    expect(textOf(read)).toMatch(/\[2025-11-24 07:50\] Dana Whitfield \(@dana\)/);
  });

  it('searches channels and the caller’s own DMs', async () => {
    const result = await alice.callTool({ name: 'search_messages', arguments: { query: 'INC-232' } });
    const where = (structured(result).matches as { where: string }[]).map((m) => m.where);
    expect(where).toEqual(expect.arrayContaining(['#incidents', 'DM with @dana']));
    expect(textOf(await alice.callTool({ name: 'read_direct_messages', arguments: { with: '@zed' } }))).toContain(
      'No user',
    );
  });

  it('posts as the signed-in account and records it in admin state', async () => {
    const posted = await alice.callTool({
      name: 'post_message',
      arguments: { channel: 'incidents', text: 'I am on INC-232.' },
    });
    expect(structured(posted)).toMatchObject({ ok: true, channel: 'incidents', user: 'alice' });
    const latest = await alice.callTool({ name: 'read_channel', arguments: { channel: 'incidents', limit: 1 } });
    expect(textOf(latest)).toContain('Alice Chen (@alice): I am on INC-232.');
    const state = (await (await admin(slack.url, 'GET', '/admin/state')).json()) as { postedMessages: unknown[] };
    expect(state.postedMessages).toEqual([
      expect.objectContaining({ channel: 'incidents', user: 'alice', text: 'I am on INC-232.' }),
    ]);
  });
});

describe('mock Linear tools', () => {
  let linear: Awaited<ReturnType<typeof startLinearServer>>;
  let alice: Client;
  let carol: Client;
  beforeAll(async () => {
    linear = await startLinearServer({ admin: true });
    carol = (await connect(linear.url, (await signIn(linear.url, 'carol')).access_token)).client;
    alice = (await connect(linear.url, (await signIn(linear.url, 'alice')).access_token)).client;
  });
  afterAll(async () => {
    await Promise.all([alice.close(), carol.close()]);
    await linear.close();
  });

  it('lists the teams and filters issues by team, state, text and assignee', async () => {
    const teams = structured(await carol.callTool({ name: 'list_teams', arguments: {} })).teams as { key: string }[];
    expect(teams.map((t) => t.key)).toEqual(['ENG', 'DES', 'OPS']);
    const all = structured(await carol.callTool({ name: 'list_issues', arguments: { limit: 100 } }));
    expect(all.total).toBeGreaterThanOrEqual(30);
    const inProgress = structured(
      await carol.callTool({ name: 'list_issues', arguments: { team: 'Engineering', state: 'in progress' } }),
    );
    expect((inProgress.issues as { id: string }[]).map((i) => i.id).sort()).toEqual(['ENG-10', 'ENG-3']);
    const dark = structured(await carol.callTool({ name: 'list_issues', arguments: { query: 'dark mode' } }));
    expect((dark.issues as { team: string }[]).every((i) => i.team === 'DES')).toBe(true);
    const mine = structured(await carol.callTool({ name: 'list_issues', arguments: { assignee: 'me' } }));
    expect((mine.issues as { assignee: string }[]).every((i) => i.assignee === 'carol')).toBe(true);
    expect((await carol.callTool({ name: 'list_issues', arguments: { state: 'Doing' } })).isError).toBe(true);
  });

  it('gets an issue in full and reports an unknown one as a tool error', async () => {
    const issue = await carol.callTool({ name: 'get_issue', arguments: { id: 'eng-3' } });
    expect(textOf(issue)).toContain('ENG-3: Gift card in cart crashes coupon service');
    expect(textOf(issue)).toContain('Priority: Urgent');
    const missing = await carol.callTool({ name: 'get_issue', arguments: { id: 'ENG-999' } });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain('ENG-999');
  });

  it('creates issues with the caller as creator and priority names, and records them', async () => {
    const created = await alice.callTool({
      name: 'create_issue',
      arguments: {
        team: 'ENG',
        title: 'Mobile login timeouts (INC-232)',
        description: 'Token refresh race.',
        priority: 'urgent',
        assignee: 'me',
      },
    });
    expect(structured(created).issue).toMatchObject({
      id: 'ENG-15',
      creator: 'alice',
      assignee: 'alice',
      priority: 1,
      state: 'Todo',
    });
    expect((await alice.callTool({ name: 'create_issue', arguments: { team: 'XYZ', title: 'x' } })).isError).toBe(true);
    expect(
      (await alice.callTool({ name: 'create_issue', arguments: { team: 'ENG', title: 'x', priority: 9 } })).isError,
    ).toBe(true);
    const state = (await (await admin(linear.url, 'GET', '/admin/state')).json()) as { createdIssues: unknown[] };
    expect(state.createdIssues).toEqual([
      expect.objectContaining({ id: 'ENG-15', title: 'Mobile login timeouts (INC-232)', creator: 'alice' }),
    ]);
  });

  it('moves an issue to another state and records who did it', async () => {
    const moved = await carol.callTool({
      name: 'update_issue_state',
      arguments: { id: 'OPS-4', state: 'In Progress' },
    });
    expect(textOf(moved)).toBe('OPS-4 moved from Todo to In Progress.');
    expect(
      (await carol.callTool({ name: 'update_issue_state', arguments: { id: 'OPS-4', state: 'Started' } })).isError,
    ).toBe(true);
    const state = (await (await admin(linear.url, 'GET', '/admin/state')).json()) as { updatedIssues: unknown[] };
    expect(state.updatedIssues).toEqual([
      expect.objectContaining({ id: 'OPS-4', from: 'Todo', to: 'In Progress', by: 'carol' }),
    ]);
    await admin(linear.url, 'POST', '/admin/reset');
    expect(structured(await carol.callTool({ name: 'get_issue', arguments: { id: 'OPS-4' } })).issue).toMatchObject({
      state: 'Todo',
    });
  });
});
