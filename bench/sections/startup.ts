/** `npm start`: time from launch to every /healthz, and a clean exit on Ctrl-C that frees the ports. */
import { row, unavailable } from '../results.js';
import { benchStartup } from '../startup.js';
import type { Section } from './context.js';

export const startupSection: Section = {
  name: 'startup',
  fallback: [unavailable('npm start', 'launch to all /healthz', '< 3 s', '')],
  async run({ progress, rows, details }) {
    progress('npm start: launching scripts/start.ts on free ports with a fresh data directory');
    const s = await benchStartup();
    details.startup = s;
    rows.push(
      row(
        'npm start',
        'launch to all four /healthz',
        s.healthyMs === undefined ? undefined : s.healthyMs / 1000,
        's',
        { op: '<', limit: 3 },
        s.problem,
      ),
    );
    rows.push({
      group: 'npm start',
      figure: 'Ctrl-C: exits, ports freed',
      value:
        s.healthyMs === undefined
          ? 'not measured: the start failed'
          : `${s.exitedAfterSigint ? `exit ${s.exitCode} in ${Math.round(s.exitMs ?? 0)} ms` : 'did not exit'}, ports ${s.portsFreed ? 'freed' : 'still bound'}`,
      target: 'exits, ports freed',
      met: s.exitedAfterSigint && s.portsFreed ? 'yes' : 'no',
    });
  },
};
