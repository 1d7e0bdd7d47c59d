/**
 * A scenario run as the conversation it was: user and assistant bubbles, each tool call as a card
 * with its result, user actions and expectations inline where they happened. The selected turn is
 * highlighted and scrolled into view; each item's turn button selects it.
 */
import { useEffect, useRef } from 'react';
import { transcriptOf, type TranscriptItem } from './analysis.js';
import type { ScenarioRun } from './report.js';

const MAX_SHOWN = 4000;

function pretty(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}\n… (${text.length - MAX_SHOWN} more characters)` : text;
}

function Body({ item }: { item: TranscriptItem }) {
  switch (item.type) {
    case 'user':
      return <div className="bubble">{item.text}</div>;
    case 'assistant':
      return (
        <div className="t-assistant">
          <span className="avatar" aria-hidden="true">
            ◆
          </span>
          <p className="turn-text">{item.text}</p>
        </div>
      );
    case 'tool':
      return (
        <div className={`tool-card tone-${item.pending ? 'running' : item.isError ? 'error' : 'ok'}`}>
          <div className="tool-card-head">
            <span className="tool-icon" aria-hidden="true">
              {item.pending ? '⋯' : item.isError ? '!' : '✓'}
            </span>
            <span className="tool-name">{item.name}</span>
            <span className={`tool-status tone-${item.pending ? 'running' : item.isError ? 'error' : 'ok'}`}>
              {item.pending ? 'No result' : item.isError ? 'Error result' : 'Done'}
            </span>
          </div>
          <details>
            <summary>Arguments and result</summary>
            <h4>Arguments</h4>
            <pre>{pretty(item.args ?? {})}</pre>
            {!item.pending && (
              <>
                <h4>Result</h4>
                <pre>{pretty(item.result)}</pre>
              </>
            )}
          </details>
        </div>
      );
    case 'action':
      return (
        <p className={`t-line ${item.ok ? 'tone-ok' : 'tone-error'}`}>
          <span aria-hidden="true">{item.ok ? '✓' : '✗'}</span> User action: <strong>{item.action}</strong>{' '}
          {item.detail}
          {item.error && <span className="t-error"> {item.error}</span>}
        </p>
      );
    case 'expectation':
      return (
        <div className={`t-expect ${item.passed ? 'tone-ok' : 'tone-error'}`}>
          <p>
            <span className={`pill tone-${item.passed ? 'ok' : 'error'}`}>{item.passed ? '✓ Passed' : '✗ Failed'}</span>{' '}
            <code>{item.id}</code>
          </p>
          {/* A passed check folds its detail away so the conversation stays readable; a failed one shows it. */}
          <details open={!item.passed}>
            <summary>Expected and actual</summary>
            <p className="t-expect-detail">
              <span className="muted">Expected</span> {item.expected}
            </p>
            <p className="t-expect-detail">
              <span className="muted">Actual</span> {item.actual}
            </p>
          </details>
        </div>
      );
    case 'error':
      return <p className="t-line tone-error">Harness error: {item.message}</p>;
  }
}

function itemFailed(item: TranscriptItem): boolean {
  return (item.type === 'expectation' && !item.passed) || (item.type === 'action' && !item.ok) || item.type === 'error';
}

export function Transcript({
  run,
  current,
  onSelect,
}: {
  run: ScenarioRun;
  current: number;
  onSelect: (turn: number) => void;
}) {
  const items = transcriptOf(run);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[aria-current="step"]')?.scrollIntoView({ block: 'nearest' });
  }, [current, run]);
  return (
    <ol className="transcript" ref={list} aria-label="Transcript" data-testid="transcript">
      {items.map((item) => {
        const first = item.turns[0] ?? 0;
        const selected = item.turns.includes(current);
        return (
          <li
            key={first}
            className={`t-item t-${item.type}${itemFailed(item) ? ' failed' : ''}`}
            data-type={item.type}
            aria-current={selected ? 'step' : undefined}
          >
            <button
              type="button"
              className="t-turn"
              aria-label={`Turn ${first + 1}${item.turns.length > 1 ? ` and ${item.turns.length - 1} more` : ''}: ${item.type}`}
              onClick={() => onSelect(first)}
            >
              {first + 1}
            </button>
            <div className="t-body">
              <Body item={item} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
