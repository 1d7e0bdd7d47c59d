/** The harness at scale: the library repeated × 1, × 10, × 50 and sharded, peak memory and time (../harness-scale.ts). */
import { benchHarnessScale } from '../harness-scale.js';
import { unavailable } from '../results.js';
import type { Section } from './context.js';

export const harnessScaleSection: Section = {
  name: 'harness-scale',
  fallback: [unavailable('harness scale (demo)', 'peak memory at 21 × 50 runs', '< 300 MB', '')],
  async run({ progress, rows, details }) {
    const r = await benchHarnessScale(progress);
    rows.push(...r.rows);
    details.harness_scale = r.details;
  },
};
