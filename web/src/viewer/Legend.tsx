/** What the viewer's colours and badges mean, and the sentence behind each behavior ID of the report. */
import { behaviorSentence } from './behaviors.js';

const KINDS: Array<{ kind: string; label: string; text: string }> = [
  { kind: 'user', label: 'User', text: 'a message the scenario sent as the user' },
  { kind: 'assistant', label: 'Assistant', text: "the agent's reply" },
  { kind: 'tool-call', label: 'Tool call', text: 'a tool the agent called, with its arguments and result' },
  {
    kind: 'action',
    label: 'User action',
    text: 'what the user did outside the chat (sign in, consent, expire a token)',
  },
  { kind: 'expectation', label: 'Expectation', text: 'a check of the scenario, ✓ passed or ✗ failed' },
  { kind: 'error', label: 'Failed', text: 'a failed expectation or action, or a harness error (red)' },
];

export function Legend({ behaviors }: { behaviors: string[] }) {
  return (
    <details className="legend card" data-testid="legend">
      <summary>Legend: colours and behavior IDs</summary>
      <ul className="legend-kinds">
        {KINDS.map((k) => (
          <li key={k.kind}>
            <span className={`legend-swatch kind-${k.kind}`} aria-hidden="true" />
            <strong>{k.label}</strong>: {k.text}
          </li>
        ))}
      </ul>
      {behaviors.length > 0 && (
        <dl className="legend-behaviors">
          {behaviors.map((b) => (
            <div key={b}>
              <dt>
                <span className="badge behavior">{b}</span>
              </dt>
              <dd>{behaviorSentence(b)}</dd>
            </div>
          ))}
        </dl>
      )}
      <p className="muted">Keyboard: ← and → step through the turns.</p>
    </details>
  );
}
