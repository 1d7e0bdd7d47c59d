import { describe, expect, it } from 'vitest';
import { checkAlways, checkStep, echoesScript, type StepObservation } from './check.js';

const LINK = 'http://127.0.0.1:1/auth?auth_link_id=abc';
const obs: StepObservation = {
  text: `Please authenticate using this link: ${LINK}`,
  authLink: LINK,
  calls: [
    {
      id: '1',
      name: 'get_authentication_link',
      args: {},
      output: {},
      resultText: '{}',
      resultJson: { status: 'authentication_needed', auth_link: LINK, unauthenticated_servers: ['slack', 'linear'] },
      isError: false,
    },
    {
      id: '2',
      name: 'call_server_tool',
      args: { server: 'slack', tool: 'read_direct_messages', arguments: {} },
      output: {},
      resultText: 'ok',
      isError: false,
    },
  ],
  services: { linear: { posted: [], created: [{ title: 'Follow up: login', team: 'ENG' }] } },
};
const failed = (v: ReturnType<typeof checkStep>) => v.filter((x) => !x.passed).map((x) => x.id);

describe('checkStep', () => {
  it('passes matching expectations', () => {
    const v = checkStep(
      {
        tool_calls: ['get_authentication_link', { tool: 'slack__read_direct_messages' }],
        no_tool_calls: ['linear__*'],
        tool_call_count: [{ name: 'get_authentication_link', equals: 1 }],
        tool_results: [
          {
            name: 'get_authentication_link',
            status: 'authentication_needed',
            unauthenticated_servers: ['linear', 'slack'],
            has_auth_link: true,
          },
        ],
        reply: { contains: ['AUTHENTICATE'], mentions_link: true, regex: 'link: http' },
        state: { linear: { created: [{ title: { contains: 'login' }, team: 'ENG' }], created_count: 1 } },
      },
      obs,
    );
    expect(failed(v)).toEqual([]);
    expect(v.length).toBe(10);
  });
  it('fails order, absence, results and state with expected and actual', () => {
    const v = checkStep(
      {
        tool_calls: [{ tool: 'slack__*' }, 'get_authentication_link'],
        no_tool_calls: [{ tool: 'slack__read_direct_messages' }],
        tool_results: [{ name: 'get_authentication_link', status: 'fully_authenticated' }],
        reply: { not_contains: 'link' },
        state: { linear: { created_count: 0 } },
      },
      obs,
    );
    expect(failed(v)).toEqual([
      'tool_calls[1]',
      'no_tool_calls[0]',
      'tool_results[0]',
      'reply.not_contains[0]',
      'state.linear.created_count',
    ]);
    const result = v.find((x) => x.id === 'tool_results[0]');
    expect(result?.actual).toContain('status: expected fully_authenticated, got "authentication_needed"');
  });
  it('reads the Available MCP Servers list from offered descriptions', () => {
    const v = checkStep(
      { offered_tools: { available_servers: ['slack'], includes: ['call_server_tool'], excludes: ['linear__*'] } },
      {
        calls: [],
        text: '',
        offered: {
          tools: [{ name: 'call_server_tool', description: 'Calls a tool. Available MCP Servers: Slack (slack)' }],
        },
      },
    );
    expect(failed(v)).toEqual([]);
  });
});

describe('format growth: matches, negative matchers, always', () => {
  it('matches (regular expressions, /x/i for case-insensitive) on replies, tool results and state fields', () => {
    const ok = checkStep(
      {
        reply: { matches: ['/PLEASE authenticate/i', 'auth_link_id=\\w+'], not_matches: 'Bearer' },
        tool_results: [
          { name: 'get_authentication_link', matches: '^\\{\\}$', not_contains: 'token', not_matches: '/error/i' },
        ],
        state: { linear: { created: [{ title: { matches: '^Follow up: \\w+$' } }] } },
      },
      obs,
    );
    expect(failed(ok)).toEqual([]);
    const bad = checkStep(
      {
        reply: { matches: 'Please AUTHENTICATE', not_matches: '/link/i' },
        tool_results: [{ tool: 'slack__read_direct_messages', not_contains: 'OK', matches: 'nothing' }],
        state: { linear: { created: [{ title: { matches: '^login' } }] } },
      },
      obs,
    );
    expect(failed(bad)).toEqual([
      'tool_results[0]',
      'reply.matches[0]',
      'reply.not_matches[0]',
      'state.linear.created[0]',
    ]);
    expect(bad.find((v) => v.id === 'tool_results[0]')?.actual).toContain(
      'text: expected NOT to contain "OK"; text: expected to match /nothing/',
    );
  });

  it('$not and $matches in argument and JSON matchers', () => {
    const v = checkStep(
      {
        tool_calls: [{ tool: 'slack__*', args: { $not: { channel: { $exists: true } } } }],
        tool_results: [
          {
            name: 'get_authentication_link',
            json: { status: { $matches: '^auth' }, auth_link: { $not: { $regex: 'evil' } } },
          },
        ],
      },
      obs,
    );
    expect(failed(v)).toEqual([]);
    expect(
      failed(
        checkStep(
          { tool_results: [{ name: 'get_authentication_link', json: { status: { $not: 'authentication_needed' } } }] },
          obs,
        ),
      ),
    ).toEqual(['tool_results[0]']);
  });

  it('always: checks calls every step, the reply only on steps that have one', () => {
    const a = { no_tool_calls: [{ tool: 'slack__read_direct_messages' }], reply: { not_contains: 'link' } };
    expect(failed(checkAlways(a, obs, true))).toEqual(['always.no_tool_calls[0]', 'always.reply.not_contains[0]']);
    expect(checkAlways(a, { calls: [], text: '' }, false).map((v) => v.id)).toEqual(['always.no_tool_calls[0]']);
  });

  it('only checks of what the script wrote are echoes in scripted mode', () => {
    expect(
      [
        'tool_calls[0]',
        'no_tool_calls[1]',
        'tool_call_count[0]',
        'reply.contains[0]',
        'always.no_tool_calls[0]',
        'always.reply.not_matches[0]',
      ].every(echoesScript),
    ).toBe(true);
    expect(
      [
        'tool_results[0]',
        'state.linear.created[0]',
        'settings.in_chat_auth',
        'offered_tools.includes[0]',
        'reply.judge',
        'no_downstream_tokens',
      ].some(echoesScript),
    ).toBe(false);
  });
});
