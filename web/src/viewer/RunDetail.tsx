/**
 * One scenario run in the viewer: its file, mode, cell and timing, each behavior ID with its
 * sentence, a Failures box that jumps to each failed turn, then the run as a transcript or step by step.
 */
import { cellOfRun, failedTurns, isFailedTurn } from './analysis.js';
import { behaviorSentence } from './behaviors.js';
import { runLabel, type ReportExtras, type RunReport, type ScenarioRun } from './report.js';
import { Transcript } from './Transcript.js';
import { TurnView, Verdict } from './TurnView.js';
import type { ViewerState } from './url-state.js';

export interface Loaded {
  report: RunReport;
  extras: ReportExtras;
  name: string;
}

function Stepper({ run, turn, onTurn }: { run: ScenarioRun; turn: number; onTurn: (t: number) => void }) {
  const turns = run.turns;
  const current = turns[turn];
  return (
    <>
      <div className="stepper">
        <button type="button" className="button secondary" onClick={() => onTurn(turn - 1)} disabled={turn === 0}>
          ← Previous
        </button>
        <span role="status" aria-live="polite">
          Turn {turn + 1} of {turns.length}
        </span>
        <button
          type="button"
          className="button secondary"
          onClick={() => onTurn(turn + 1)}
          disabled={turn >= turns.length - 1}
        >
          Next →
        </button>
      </div>
      <ol className="turn-dots" aria-label="Jump to turn">
        {turns.map((t, i) => (
          <li key={i}>
            <button
              type="button"
              className={isFailedTurn(t) ? 'fail' : undefined}
              data-kind={t.kind}
              title={t.kind}
              aria-current={i === turn ? 'step' : undefined}
              aria-label={`Turn ${i + 1}: ${t.kind}${isFailedTurn(t) ? ', failed' : ''}`}
              onClick={() => onTurn(i)}
            >
              {i + 1}
            </button>
          </li>
        ))}
      </ol>
      {current && <TurnView turn={current} />}
    </>
  );
}

export function RunDetail({
  loaded,
  state,
  setState,
}: {
  loaded: Loaded;
  state: ViewerState;
  setState: (s: Partial<ViewerState>) => void;
}) {
  const { report, extras } = loaded;
  const run = report.runs[state.run];
  if (!run) return <p className="muted">This report has no scenario {state.run + 1}.</p>;
  const failed = failedTurns(run);
  const multiCell = new Set(report.runs.map((_, i) => cellOfRun(report, extras.runCells, i))).size > 1;
  return (
    <section aria-labelledby="scenario-title" className="run-detail">
      <div className="section-head">
        <h2 id="scenario-title">{runLabel(run, report)}</h2>
        <Verdict passed={run.passed} />
      </div>
      <p className="muted">
        <code>{run.file}</code> · {run.mode}
        {multiCell ? ` · ${cellOfRun(report, extras.runCells, state.run)}` : ''} · {(run.duration_ms / 1000).toFixed(1)}{' '}
        s · {run.turns.length} turns
      </p>
      {run.behaviors.length > 0 && (
        <ul className="behavior-list" aria-label="Behaviors this scenario shows">
          {run.behaviors.map((b) => (
            <li key={b}>
              <span className="badge behavior">{b}</span> {behaviorSentence(b)}
            </li>
          ))}
        </ul>
      )}
      {(run.failures.length > 0 || failed.length > 0) && (
        <div className="failures-box" role="region" aria-label="Failures">
          <h3>Failures</h3>
          <ul className="failures">
            {run.failures.map((f, i) => (
              <li key={`f${i}`}>{f}</li>
            ))}
          </ul>
          <div className="failure-jumps">
            {failed.map((t) => (
              <button key={t} type="button" className="button secondary small" onClick={() => setState({ turn: t })}>
                Go to turn {t + 1} ({run.turns[t]?.kind})
              </button>
            ))}
          </div>
        </div>
      )}
      {run.turns.length > 0 && (
        <>
          <div className="view-switch" role="group" aria-label="Show the run as">
            <button
              type="button"
              className="button secondary small"
              aria-pressed={state.view === 'transcript'}
              onClick={() => setState({ view: 'transcript' })}
            >
              Transcript
            </button>
            <button
              type="button"
              className="button secondary small"
              aria-pressed={state.view === 'steps'}
              onClick={() => setState({ view: 'steps' })}
            >
              Step by step
            </button>
          </div>
          {state.view === 'transcript' ? (
            <>
              <p className="visually-hidden" role="status">
                Turn {state.turn + 1} of {run.turns.length}
              </p>
              <Transcript run={run} current={state.turn} onSelect={(t) => setState({ turn: t })} />
            </>
          ) : (
            <Stepper run={run} turn={state.turn} onTurn={(t) => setState({ turn: t })} />
          )}
        </>
      )}
    </section>
  );
}
