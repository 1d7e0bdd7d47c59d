/** One recorded turn of a scenario, styled by kind, with its verdict when it has one. */
import type { ReportTurn } from './report.js';
import { turnKindLabel } from './report.js';

function pretty(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2) ?? String(value);
}

export function Verdict({ passed }: { passed: boolean | undefined }) {
  if (passed === undefined) return null;
  return passed ? <span className="pill tone-ok">✓ Passed</span> : <span className="pill tone-error">✗ Failed</span>;
}

export function TurnView({ turn }: { turn: ReportTurn }) {
  return (
    <article className="card turn" data-kind={turn.kind} aria-label={turnKindLabel(turn.kind)}>
      <div className="section-head">
        <span className="turn-kind">{turnKindLabel(turn.kind)}{turn.tool ? `: ${turn.tool}` : ''}</span>
        <Verdict passed={turn.passed} />
      </div>
      {turn.text !== undefined && (turn.kind === 'user' ? <p className="message user"><span className="bubble">{turn.text}</span></p> : <p>{turn.text}</p>)}
      {turn.args !== undefined && (<><h4>Arguments</h4><pre>{pretty(turn.args)}</pre></>)}
      {turn.result !== undefined && (<><h4>Result</h4><pre>{pretty(turn.result)}</pre></>)}
      {turn.expected !== undefined && (<><h4>Expected</h4><pre>{pretty(turn.expected)}</pre></>)}
      {turn.actual !== undefined && (<><h4>Actual</h4><pre>{pretty(turn.actual)}</pre></>)}
    </article>
  );
}
