/**
 * `npm run bench`: every performance figure of issue 8 in one run, side by side, each with its target
 * and whether it is met. Prints progress while working, then one table; writes bench/results.json and
 * the README-ready bench/PERFORMANCE.md. Options: --profile (always profile the navigator under load),
 * --only=toolcall,store,memory,scenarios,corpus,harness-scale,startup,bundle (a subset), --experiment=isolate-signals (a
 * what-if on the tool-call navigator). Subsets and experiments do not overwrite results.json.
 * This file only parses the command line, runs the chosen sections (bench/sections/) and reports
 * (summary.ts).
 */
import { cpus, loadavg } from 'node:os';
import { BenchUsageError, parseBenchArgs, USAGE, type BenchArgs } from './args.js';
import { bundleSection } from './sections/bundle.js';
import { guarded, type BenchContext, type Section } from './sections/context.js';
import { corpusSection } from './sections/corpus.js';
import { harnessScaleSection } from './sections/harness-scale.js';
import { runNavigatorSections } from './sections/navigator.js';
import { scenariosSection } from './sections/scenarios.js';
import { startupSection } from './sections/startup.js';
import { machineInfo, printSummary, writeResults } from './summary.js';

/** The sections after the navigator ones, in the order they run. */
const SECTIONS: Section[] = [scenariosSection, corpusSection, harnessScaleSection, startupSection, bundleSection];

let args: BenchArgs;
try {
  args = parseBenchArgs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof BenchUsageError)) throw err;
  process.stderr.write(`error: ${err.message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const only = args.only;
const wants = (s: string) => !only || only.includes(s);
const experiments = args.experiments;

const t0 = performance.now();
const ctx: BenchContext = {
  progress: (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}`),
  rows: [],
  details: {},
  experiments,
  forceProfile: args.profile,
};
const loadBefore = loadavg()[0] ?? 0;

ctx.progress(
  `navigator-chat bench on ${cpus().length} CPU(s), Node ${process.version}, load average ${loadBefore.toFixed(2)}${experiments.length ? `, experiments: ${experiments.join(', ')}` : ''}`,
);
await runNavigatorSections(ctx, wants);
for (const s of SECTIONS) {
  if (!wants(s.name)) continue;
  if (s.fallback) await guarded(ctx, s.name, s.fallback, () => s.run(ctx));
  else await s.run(ctx);
}

const loadAfter = loadavg()[0] ?? 0;
const totalS = (performance.now() - t0) / 1000;
const machine = machineInfo(loadBefore, loadAfter);
printSummary(ctx.rows, ctx.profile, totalS, loadBefore, loadAfter, machine);

if (!only && experiments.length === 0) {
  writeResults(ctx.rows, ctx.details, totalS, machine);
  ctx.progress('wrote bench/results.json and bench/PERFORMANCE.md');
}
process.exit(0);
