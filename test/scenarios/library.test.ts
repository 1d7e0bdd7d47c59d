// Every scenario of the library, in demo and scripted mode, against its own real stack.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { expandPattern } from '../../harness/cli.js';
import { loadScenarios } from '../../harness/load.js';
import { stopLlmServer } from '../../harness/models/llm-server.js';
import { failureDetail } from '../../harness/reporters/pretty.js';
import { runScenario } from '../../harness/runner.js';
import { BEHAVIOR_IDS } from '../../harness/scenario-schema.js';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const library = loadScenarios(expandPattern(`${dir}*.yaml`));

afterAll(() => stopLlmServer());

describe('scenario library', () => {
  it('has at least 20 scenarios that together show every behavior B1-B18', () => {
    expect(library.length).toBeGreaterThanOrEqual(20);
    const shown = new Set(library.flatMap((l) => l.scenario.behaviors));
    expect(BEHAVIOR_IDS.filter((b) => !shown.has(b))).toEqual([]);
  });
  it('every file points editors at the generated JSON Schema', () => {
    for (const l of library)
      expect(readFileSync(l.file, 'utf8').split('\n')[0], l.file).toBe(
        '# yaml-language-server: $schema=./scenario.schema.json',
      );
  });
});

describe.concurrent('scenarios', () => {
  for (const loaded of library)
    for (const mode of ['demo', 'scripted'] as const) {
      if (!loaded.scenario.modes.includes(mode)) continue;
      const tags = loaded.scenario.behaviors.map((b) => `[${b}]`).join('');
      it(`${tags} ${loaded.scenario.name} (${mode})`, async () => {
        const run = await runScenario(loaded, { mode });
        expect(run.passed, failureDetail(run).join('\n')).toBe(true);
        expect(run.turns.some((t) => t.kind === 'expectation' && t.id === 'no_downstream_tokens' && t.passed)).toBe(
          true,
        );
      });
    }
});
