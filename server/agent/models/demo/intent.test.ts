import { describe, expect, it } from 'vitest';
import { isConfirmation, parseTask } from './intent.js';
import { extractQuotes } from './text.js';

describe('parseTask', () => {
  it('reads the documented request as "read Slack DMs, then create a Linear issue from them"', () => {
    expect(parseTask('Can you check my Slack messages and create a Linear issue?')?.actions).toEqual([
      { kind: 'slack_read_dms' },
      { kind: 'linear_create_issue', team: 'ENG' },
    ]);
  });
  it.each([
    ['read #eng-alerts', [{ kind: 'slack_read_channel', channel: 'eng-alerts' }]],
    ['what is new in the general channel on slack?', [{ kind: 'slack_read_channel', channel: 'general' }]],
    ['search slack for "deploy"', [{ kind: 'slack_search', query: 'deploy' }]],
    ['which slack channels do I have?', [{ kind: 'slack_list_channels' }]],
    ['send "hi team" to #random on slack', [{ kind: 'slack_post', channel: 'random', text: 'hi team' }]],
    ["post 'hello team' to #random on slack", [{ kind: 'slack_post', channel: 'random', text: 'hello team' }]],
    [
      'can you let #engineering know that standup moved to 10:30?',
      [{ kind: 'slack_post', channel: 'engineering', text: 'Standup moved to 10:30' }],
    ],
    [
      "don't post anything, just tell me what's in #engineering",
      [{ kind: 'slack_read_channel', channel: 'engineering' }],
    ],
    ['List my open Linear issues', [{ kind: 'linear_list_issues', assignee: 'me', open: true }]],
    ['DMs from Priya', [{ kind: 'slack_read_dms', with: 'priya' }]],
    ["post 'hi' to #chan-ops", [{ kind: 'slack_post', channel: 'chan-ops', text: 'hi' }]],
    ['read #r-team', [{ kind: 'slack_read_channel', channel: 'r-team' }]],
    ['list the linear teams', [{ kind: 'linear_list_teams' }]],
    ['show open issues for team ENG', [{ kind: 'linear_list_issues', team: 'ENG', open: true }]],
    ['what is ENG-7?', [{ kind: 'linear_get_issue', id: 'ENG-7' }]],
    ['close ENG-7', [{ kind: 'linear_update_state', id: 'ENG-7', state: 'Done' }]],
    [
      'create a linear issue titled "Fix the build" for team OPS',
      [{ kind: 'linear_create_issue', team: 'OPS', title: 'Fix the build' }],
    ],
  ])('%s', (text, actions) => {
    expect(parseTask(text)?.actions).toEqual(actions);
  });
  it('leaves nothing to invent: a post without text or an issue without a title becomes one question with an example', () => {
    expect(parseTask('post to #general on slack')).toEqual({
      actions: [],
      question: { ask: 'What should I post to #general?', example: 'post "ship it" to #general' },
      declined: [],
      cannot: [],
      connect: false,
    });
    expect(parseTask('create a linear issue')?.question?.ask).toBe('What should the Linear issue be called?');
    expect(parseTask('check my slack messages and create a linear issue')?.question).toBeUndefined();
  });
  it('reads quotes as paired delimiters, never the apostrophe of a contraction', () => {
    expect(extractQuotes("don't post anything, just tell me what's in #engineering").quotes).toEqual([]);
    expect(extractQuotes("post 'hello team' to #random, it's fine").quotes).toEqual(['hello team']);
    expect(extractQuotes('post “we’re live” and ‘ok’').quotes).toEqual(['we’re live', 'ok']);
  });
  it('reports a negated write as declined and does not do it', () => {
    const t = parseTask("don't create a ticket");
    expect(t?.actions).toEqual([]);
    expect(t?.declined).toEqual(['create any Linear issue']);
  });
  it('finds no task in small talk or confirmations', () => {
    expect(parseTask('hello there')).toBeUndefined();
    expect(parseTask("Done! I've authenticated both.")).toBeUndefined();
    expect(parseTask('done, slack is connected')).toBeUndefined();
    expect(parseTask('ok, linear is connected now too')).toBeUndefined();
  });
});

describe('isConfirmation', () => {
  it.each(['Done!', "I've authenticated", 'finished', 'ok connected', 'slack is connected now', 'all set'])(
    '%s is a confirmation',
    (t) => expect(isConfirmation(t)).toBe(true),
  );
  it('a question is not', () => expect(isConfirmation('what can you do?')).toBe(false));
});
