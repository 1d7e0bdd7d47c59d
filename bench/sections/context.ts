/**
 * What every bench section shares: where its rows and raw details go, the progress printer, the
 * command line's switches, and the guard that turns a failed section into "not available" rows.
 */
import type { SECTIONS } from '../args.js';
import type { ProfileSummary } from '../profile.js';
import type { Row } from '../results.js';

export interface BenchContext {
  progress: (line: string) => void;
  /** The table's rows, in the order the sections add them. */
  rows: Row[];
  /** Raw figures for bench/results.json, keyed by section. */
  details: Record<string, unknown>;
  /** What-if switches for the tool-call navigator (see navigator-process.ts), to measure a fix before it lands. */
  experiments: string[];
  /** Profile the navigator under load even when the tool-call targets are met. */
  forceProfile: boolean;
  /** The navigator's CPU profile, when the tool-call section took one. */
  profile?: ProfileSummary;
}

/**
 * Runs one section; if it throws, the bench goes on: its `fallback` rows are reported with the error
 * as their note, and the error is kept in the details as `<name>_error`.
 */
export async function guarded(
  ctx: BenchContext,
  name: string,
  fallback: readonly Row[],
  f: () => Promise<void>,
): Promise<void> {
  try {
    await f();
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    ctx.progress(`${name}: failed: ${msg}`);
    ctx.rows.push(...fallback.map((r) => ({ ...r, note: msg.slice(0, 200) })));
    ctx.details[`${name}_error`] = msg;
  }
}

/** A section that needs nothing but the context; `fallback` absent: it reports its own failures as rows. */
export interface Section {
  /** As `--only` names it. */
  name: (typeof SECTIONS)[number];
  fallback?: Row[];
  run: (ctx: BenchContext) => Promise<void>;
}
