/** The bench's command line: a flag it does not know, or a section that does not exist, is an error, never a full run. */
import { parseArgs } from 'node:util';

export const SECTIONS = [
  'toolcall',
  'store',
  'memory',
  'scenarios',
  'corpus',
  'harness-scale',
  'startup',
  'bundle',
] as const;
export const EXPERIMENTS = ['isolate-signals'] as const;

export const USAGE = `Usage: npm run bench -- [--only=SECTION,...] [--profile] [--experiment=NAME,...]

  --only=LIST        run a subset: ${SECTIONS.join(', ')}
  --profile          always profile the navigator under load
  --experiment=LIST  what-if switches on the tool-call navigator: ${EXPERIMENTS.join(', ')}
  --help             this text

A subset or an experiment does not overwrite bench/results.json.
`;

export interface BenchArgs {
  only?: string[];
  profile: boolean;
  experiments: string[];
  help: boolean;
}

export class BenchUsageError extends Error {}

function list(value: string | undefined, allowed: readonly string[], flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = items.filter((s) => !allowed.includes(s));
  if (items.length === 0 || unknown.length > 0)
    throw new BenchUsageError(
      `${flag}: unknown ${unknown.length ? `value ${unknown.join(', ')}` : 'empty list'} (one of: ${allowed.join(', ')})`,
    );
  return items;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        only: { type: 'string' },
        profile: { type: 'boolean', default: false },
        experiment: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new BenchUsageError((err as Error).message);
  }
  return {
    only: list(values.only, SECTIONS, '--only'),
    profile: values.profile,
    experiments: list(values.experiment, EXPERIMENTS, '--experiment') ?? [],
    help: values.help,
  };
}
