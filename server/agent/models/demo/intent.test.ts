import { describe, expect, it } from 'vitest';
import { isConfirmation, parseTask } from './intent.js';

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
    ['list the linear teams', [{ kind: 'linear_list_teams' }]],
    ['show open issues for team ENG', [{ kind: 'linear_list_issues', team: 'ENG', state: 'Todo' }]],
    ['what is ENG-7?', [{ kind: 'linear_get_issue', id: 'ENG-7' }]],
    ['close ENG-7', [{ kind: 'linear_update_state', id: 'ENG-7', state: 'Done' }]],
    ['create a linear issue titled "Fix the build" for team OPS', [{ kind: 'linear_create_issue', team: 'OPS', title: 'Fix the build' }]],
  ])('%s', (text, actions) => {
    expect(parseTask(text)?.actions).toEqual(actions);
  });
  it('leaves nothing to invent: a post without text or an issue without a title names what is missing', () => {
    expect(parseTask('post to #general on slack')).toEqual({ actions: [], missing: { what: 'what to post to #general', example: 'post "ship it" to #general on Slack' } });
    expect(parseTask('create a linear issue')?.missing?.what).toBe('the title of the Linear issue');
    expect(parseTask('check my slack messages and create a linear issue')?.missing).toBeUndefined();
  });
  it('finds no task in small talk or confirmations', () => {
    expect(parseTask('hello there')).toBeUndefined();
    expect(parseTask("Done! I've authenticated both.")).toBeUndefined();
  });
});

describe('isConfirmation', () => {
  it.each(['Done!', "I've authenticated", 'finished', 'ok connected'])('%s is a confirmation', (t) => expect(isConfirmation(t)).toBe(true));
  it('a question is not', () => expect(isConfirmation('what can you do?')).toBe(false));
});
