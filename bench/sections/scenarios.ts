/**
 * The scenario library through the harness CLI, with the demo and the scripted model: the whole
 * library at the CLI's default parallelism, then one at a time for per-scenario times.
 */
import { row, unavailable } from '../results.js';
import { benchScenarios } from '../scenarios.js';
import { round } from '../stats.js';
import type { Section } from './context.js';

/** No fallback: benchScenarios reports a failed run as a result, and each mode becomes a row either way. */
export const scenariosSection: Section = {
  name: 'scenarios',
  async run({ progress, rows, details }) {
    for (const mode of ['demo', 'scripted']) {
      const g = `scenarios (${mode})`;
      progress(`scenarios: the whole library with --model ${mode} (the CLI's default parallelism)`);
      const all = await benchScenarios(mode);
      // Run in parallel, each scenario's duration includes waiting for the CPU; one at a time gives its own.
      progress(`scenarios: again one at a time (--jobs 1) for the per-scenario times`);
      const one = await benchScenarios(mode, 1);
      details[`scenarios_${mode}`] = { parallel: all, oneAtATime: one };
      const scripted = mode === 'scripted';
      if (!all.ok) progress(`${g}: not available: ${all.reason}`);
      rows.push(
        all.ok
          ? row(
              g,
              `whole library (${all.scenarios} scenarios)`,
              all.runMs / 1000,
              's',
              scripted ? { op: '<', limit: 10 } : undefined,
              `${all.passed}/${all.scenarios} passed; command wall time ${Math.round(all.wallMs)} ms`,
            )
          : unavailable(g, 'whole library', scripted ? '< 10 s' : '', all.reason),
        one.ok
          ? row(
              g,
              'median scenario (one at a time)',
              one.medianMs,
              'ms',
              scripted ? { op: '<', limit: 300 } : undefined,
              `slowest: ${one.slowest} ${Math.round(one.maxMs)} ms; one at a time the library takes ${round(one.runMs / 1000, 1)} s`,
            )
          : unavailable(g, 'median scenario', scripted ? '< 300 ms' : '', one.reason),
      );
    }
  },
};
