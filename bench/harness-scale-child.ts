/**
 * One harness CLI run in its own process, with the old-space cap `npm run scenarios` uses; writes the
 * exit code, the process's peak resident set (KB) and its CPU time to $BENCH_RESULT.
 */
import { writeFileSync } from 'node:fs';
import { main } from '../harness/cli.js';

const code = await main(
  process.argv.slice(2),
  () => {},
  () => {},
);
const usage = process.resourceUsage();
writeFileSync(
  process.env.BENCH_RESULT ?? '/dev/null',
  JSON.stringify({ code, maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }),
);
process.exit(0);
