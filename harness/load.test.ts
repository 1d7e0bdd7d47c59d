import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioLoadError } from './load.js';

const base = `# yaml-language-server: $schema=./scenario.schema.json
name: sample
modes: [demo]
steps:
  - user: hello
    expect:
      reply:
        contains: hi
`;

function problems(text: string): string[] {
  try {
    parseScenario(text, 'scenarios/x.yaml');
  } catch (e) {
    if (e instanceof ScenarioLoadError) return e.problems;
    throw e;
  }
  return [];
}

describe('scenario loader', () => {
  it('loads a valid file and fills defaults', () => {
    const { scenario, stepLines } = parseScenario(base, 'x.yaml');
    expect(scenario.users).toEqual([{ id: 'alice', connected: [] }]);
    expect(scenario.project.servers.map((s) => s.name)).toEqual(['slack', 'linear']);
    expect(stepLines).toEqual([5]);
  });
  it('names file, line and field of a wrong type', () => {
    expect(problems(base.replace('contains: hi', 'contains: 12'))).toEqual([
      expect.stringMatching(/^scenarios\/x\.yaml:8 steps\[0\]\.expect\.reply\.contains: expected string/),
    ]);
  });
  it('names unknown fields with their line', () => {
    expect(problems(base.replace('      reply:', '      replyy:'))).toEqual([
      'scenarios/x.yaml:7 steps[0].expect.replyy: unknown field',
    ]);
  });
  it('picks the action branch of a step and reports its field', () => {
    const text = base.replace('  - user: hello', '  - action: expire_token\n    server: 7\n  - user: hello');
    expect(problems(text)[0]).toMatch(/^scenarios\/x\.yaml:6 steps\[0\]\.server: expected string/);
  });
  it('reports an unknown action by name', () => {
    expect(problems(base.replace('  - user: hello', '  - action: dance\n  - user: hello'))[0]).toMatch(
      /^scenarios\/x\.yaml:5 steps\[0\]\.action: /,
    );
  });
  it('checks references to users and servers', () => {
    const text = base.replace(
      '  - user: hello',
      '  - user: hi\n    as: bob\n  - action: revoke_token\n    server: github\n  - user: hello',
    );
    expect(problems(text)).toEqual([
      'scenarios/x.yaml:6 steps[0].as: no user bob in users',
      'scenarios/x.yaml:8 steps[1].server: no server named github',
    ]);
  });
  it('requires model turns for scripted mode', () => {
    expect(problems(base.replace('modes: [demo]', 'modes: [demo, scripted]'))).toEqual([
      'scenarios/x.yaml:5 steps[0].model: required: scripted mode needs the model turns of every user step',
    ]);
  });
  it('reports YAML syntax errors with their line', () => {
    expect(problems('name: x\nsteps:\n  - user: [unclosed\n')[0]).toMatch(/^scenarios\/x\.yaml:\d+ /);
  });
  it('rejects a regular expression that does not compile', () => {
    expect(problems(base.replace('contains: hi', 'matches: "(unclosed"'))).toEqual([
      expect.stringMatching(/^scenarios\/x\.yaml:\d+ steps\[0\]\.expect\.reply\.matches: not a regular expression/),
    ]);
  });
  it('rejects unknown argument operators', () => {
    const text = base.replace(
      '      reply:\n        contains: hi',
      '      tool_calls:\n        - name: x\n          args: { a: { $like: b } }',
    );
    expect(problems(text)).toEqual([
      'scenarios/x.yaml:9 steps[0].expect.tool_calls[0].args.a.$like: unknown operator (use $contains, $regex, $matches, $exists, $any, $not)',
    ]);
  });
});
