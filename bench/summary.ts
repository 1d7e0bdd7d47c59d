/**
 * The end of a bench run: the table and notes on the console, and for a full run bench/results.json
 * (raw numbers) and bench/PERFORMANCE.md (the README's Performance section).
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { renderProfile } from './profile.js';
import type { ProfileSummary } from './profile.js';
import { renderMarkdown, renderTable } from './results.js';
import type { Row } from './results.js';
import { round } from './stats.js';

export interface Machine {
  cpus: number;
  cpu: string;
  node: string;
  loadavg1Start: number;
  loadavg1End: number;
}

export function machineInfo(loadBefore: number, loadAfter: number): Machine {
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadavg1Start: round(loadBefore),
    loadavg1End: round(loadAfter),
  };
}

/** The table, each row's note, the profile if one was taken, and one line saying whether every target was met. */
export function printSummary(
  rows: readonly Row[],
  profile: ProfileSummary | undefined,
  totalS: number,
  loadBefore: number,
  loadAfter: number,
  machine: Machine,
): void {
  const missed = rows.filter((r) => r.met === 'no');
  console.log('');
  console.log(renderTable(rows));
  console.log('');
  for (const r of rows.filter((x) => x.note)) console.log(`note: ${r.group}: ${r.figure}: ${r.note}`);
  if (profile) console.log(`\nnavigator CPU profile at 16 concurrent sessions:\n${renderProfile(profile)}`);
  console.log(
    `\n${missed.length === 0 ? 'every measured target met' : `${missed.length} target(s) missed`}; ${totalS.toFixed(0)} s; load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)} on ${machine.cpus} CPU(s)`,
  );
  if (loadBefore > machine.cpus)
    console.log(
      'warning: the machine was busy with other work when the bench started; latency and throughput figures are pessimistic.',
    );
}

/** Writes bench/results.json and bench/PERFORMANCE.md (only a full run without experiments should). */
export function writeResults(
  rows: readonly Row[],
  details: Record<string, unknown>,
  totalS: number,
  machine: Machine,
): void {
  writeFileSync(
    'bench/results.json',
    `${JSON.stringify({ generated_at: new Date().toISOString(), duration_s: round(totalS, 1), machine, rows, details }, null, 2)}\n`,
  );
  writeFileSync('bench/PERFORMANCE.md', performanceSection(rows, machine, new Date(), totalS));
}

function performanceSection(r: readonly Row[], m: Machine, when: Date, totalS: number): string {
  return `## Performance

\`npm run bench\` measures the navigator, the harness, \`npm start\` and the web bundle in one run (about
${Math.ceil(totalS / 60)} min) and prints each figure with its target; \`bench/results.json\` keeps the raw numbers.
The load generator, the navigator and the mock Slack server run as separate processes on the same machine,
so every microsecond the navigator spends shows. Latest run (${when.toISOString().slice(0, 10)}, ${m.cpus} CPU(s) ${m.cpu},
Node ${m.node}, 1-minute load average ${m.loadavg1Start} at the start${m.loadavg1Start > m.cpus ? ': the machine was busy with other work, so latency and throughput are pessimistic' : ''}):

${renderMarkdown(r)}

Tool calls go to the mock Slack server's \`list_channels\` directly (MCP SDK client, bearer token) and as
\`slack__list_channels\` through the navigator for a user who connected Slack through the guided flow.
Overhead is the navigator's p50/p99 minus the direct p50/p99 at concurrency 1; throughput uses 1, 16 and 64
concurrent sessions in closed loops. The 10k-user rows use a store with 10,000 users, 20 user-level servers
and 50,000 expired credentials. Memory is the navigator process's resident set with 1,000 idle SDK client
sessions (each holding its GET stream). See \`bench/FINDINGS.md\` for profiles and what to change where a
target is missed.
`;
}
