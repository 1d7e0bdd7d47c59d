/**
 * The state one scenario run builds up (transcript turns, failures, latencies, the auth link each user
 * was last given, the stack and model setups), with the few ways the steps add to it. The steps of
 * `runScenario` take this object instead of closing over shared variables.
 */
import type { Verdict } from '../check.js';
import { echoesScript } from '../check.js';
import type { Judge } from '../judge.js';
import type { LoadedScenario } from '../load.js';
import type { PromptVariant } from '../matrix.js';
import type { ModelOptions, ModelSetup, UserModelSetup } from '../models/index.js';
import { RateLimitTracker } from '../models/retry.js';
import type { ExpectationStatus, Turn } from '../report-schema.js';
import type { Stack } from '../stack.js';

export interface RunScenarioOptions extends ModelOptions {
  /** The agent's model: demo, scripted, replay or openai:NAME. */
  mode: string;
  attempt?: number;
  /** Matrix cell id and the system prompt variant of this run. */
  cell?: string;
  prompt?: PromptVariant;
  index?: number;
  /** Grades `judge:` rubrics; without it they are reported as not run. */
  judge?: Judge;
  /** `openai:NAME` (or `replay` of its cassette) playing the user in `simulate:` steps. */
  userModel?: string;
  /** Record the simulated user's exchanges into `<cassettes>/<scenario>-user.json`. */
  recordUser?: boolean;
  /** Sees the run's model setup (tests inspect the bytes a replay served). */
  onModel?(models: ModelSetup): void;
}

export class RunContext {
  readonly turns: Turn[] = [];
  readonly failures: string[] = [];
  readonly latencies: number[] = [];
  /** The latest auth link a get_authentication_link result gave each user. */
  readonly links = new Map<string, string>();
  /** Rate limits met outside the agent's model (the simulated user's). */
  readonly sideLimits = new RateLimitTracker();
  readonly t0 = performance.now();
  stack: Stack | undefined;
  models: ModelSetup | undefined;
  userSetup: UserModelSetup | undefined;
  /** How many of the user model's problems are already reported. */
  userProblems = 0;
  private seenProblems = 0;

  constructor(
    readonly loaded: LoadedScenario,
    readonly opts: RunScenarioOptions,
  ) {}

  /** Milliseconds since the run began, to a tenth (an arrow: it is handed out as a clock). */
  readonly now = (): number => Math.round((performance.now() - this.t0) * 10) / 10;

  /** Values for `{{...}}` placeholders: the stack's, and the auth link id of the latest link. */
  readonly values = (): Record<string, string | undefined> => {
    const link = [...this.links.values()].at(-1);
    const fromLink = link ? (new URL(link).searchParams.get('auth_link_id') ?? undefined) : undefined;
    const placeholders = this.stack?.placeholders() ?? {};
    return { ...placeholders, auth_link_id: placeholders.auth_link_id ?? fromLink };
  };

  /** The last step index of the scenario (where end-of-run findings are reported). */
  get lastStep(): number {
    return this.loaded.scenario.steps.length - 1;
  }

  where(i: number): string {
    return i < 0 ? 'setup' : `step ${i + 1} (${this.loaded.file}:${this.loaded.stepLines[i] ?? '?'})`;
  }

  /** A failure of step `i` (or of setup, -1): in the failures and the transcript. */
  fail(i: number, message: string): void {
    this.failures.push(`${this.where(i)}: ${message}`);
    this.turns.push({ kind: 'error', step: i, at_ms: this.now(), message });
  }

  /** Reports the agent model's problems not reported yet against step `i`. */
  modelProblems(i: number): void {
    const all = this.models?.problems() ?? [];
    for (const p of all.slice(this.seenProblems)) this.fail(i, p);
    this.seenProblems = all.length;
  }

  /** Records a verdict with its status; only a counted failure fails the run. */
  record(i: number, v: Verdict, status: ExpectationStatus, reason?: string): void {
    this.turns.push({
      kind: 'expectation',
      step: i,
      at_ms: this.now(),
      ...v,
      passed: status === 'passed' || status === 'scripted',
      status,
      ...(reason ? { reason } : {}),
    });
    if (status === 'failed')
      this.failures.push(
        `${this.where(i)} ${v.id}: expected ${v.expected}; actual ${v.actual}${reason ? ` (${reason})` : ''}`,
      );
  }

  statusOf(v: Verdict): ExpectationStatus {
    return !v.passed ? 'failed' : this.opts.mode === 'scripted' && echoesScript(v.id) ? 'scripted' : 'passed';
  }
}
