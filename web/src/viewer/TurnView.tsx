/** One recorded turn of a scenario, styled by kind, with its verdict when it has one. */
import type { Turn } from './report.js';
import { viewTurn } from './report.js';

function pretty(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
}

export function Verdict({ passed }: { passed: boolean | undefined }) {
  if (passed === undefined) return null;
  return passed ? <span className="pill tone-ok">✓ Passed</span> : <span className="pill tone-error">✗ Failed</span>;
}

export function TurnView({ turn }: { turn: Turn }) {
  const view = viewTurn(turn);
  return (
    <article className="card turn" data-kind={turn.kind} aria-labelledby="turn-heading">
      <div className="section-head">
        <h3 id="turn-heading" className="turn-title">
          {view.heading}
        </h3>
        <Verdict passed={view.verdict} />
      </div>
      {view.text !== undefined &&
        (turn.kind === 'user' ? (
          <p className="message user">
            <span className="bubble">{view.text}</span>
          </p>
        ) : (
          <p className="turn-text">{view.text}</p>
        ))}
      {view.blocks.map((b) => (
        <div key={b.label}>
          <h4 className="turn-kind">{b.label}</h4>
          <pre>{pretty(b.value)}</pre>
        </div>
      ))}
      <p className="muted turn-meta">
        Step {turn.step < 0 ? 'setup' : turn.step + 1} · {(turn.at_ms / 1000).toFixed(2)} s
      </p>
    </article>
  );
}
