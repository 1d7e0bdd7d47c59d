/**
 * One harness CLI run in its own process, with the old-space cap `npm run scenarios` uses; writes the
 * exit code and the process's peak resident set (KB) to $BENCH_RESULT.
 */
import { writeFileSync } from 'node:fs';
import { main } from '../harness/cli.js';

const code = await main(process.argv.slice(2), () => {}, () => {});
writeFileSync(process.env.BENCH_RESULT ?? '/dev/null', JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS }));
process.exit(0);
