/** The demo model's labelled corpus: every request through the demo model and the mock tools. */
import { benchDemoCorpus } from '../demo-corpus.js';
import { unavailable } from '../results.js';
import type { Section } from './context.js';

export const corpusSection: Section = {
  name: 'corpus',
  fallback: [unavailable('demo model corpus', 'wrong writes', '0', '')],
  run: async (ctx) => {
    ctx.progress('demo model corpus: every labelled request through the demo model and the mock tools');
    const { rows, details } = await benchDemoCorpus();
    ctx.rows.push(...rows);
    ctx.details.demoCorpus = details;
  },
};
