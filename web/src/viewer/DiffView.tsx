/**
 * Two reports side by side per cell and scenario: what regressed first (largest drop first), then
 * what disappeared or appeared, what improved, and what stayed the same; expectations that newly
 * fail are named.
 */
import type { ChangeEvent } from 'react';
import { formatRate, type DiffRow } from './analysis.js';
import { ScrollTable } from './ScrollTable.js';

const DIFF_HEAD = (
  <>
    <th scope="col">Change</th>
    <th scope="col">Scenario</th>
    <th scope="col">Cell</th>
    <th scope="col">Base</th>
    <th scope="col">New</th>
    <th scope="col">Newly failing</th>
  </>
);

const LABEL: Record<DiffRow['change'], { text: string; tone: string }> = {
  regressed: { text: 'Regressed', tone: 'error' },
  removed: { text: 'Only in base', tone: 'warn' },
  added: { text: 'New', tone: 'info' },
  improved: { text: 'Improved', tone: 'ok' },
  same: { text: 'Same', tone: 'neutral' },
};

export interface DiffViewProps {
  rows: DiffRow[] | null;
  baseName: string | null;
  onBaseFile: (event: ChangeEvent<HTMLInputElement>) => void;
}

export function DiffView({ rows, baseName, onBaseFile }: DiffViewProps) {
  const regressions = rows?.filter((r) => r.change === 'regressed').length ?? 0;
  return (
    <section aria-labelledby="diff-title">
      <h2 id="diff-title">Compare with a base report</h2>
      <div className="field">
        <label htmlFor="base-file">Base report (the earlier run)</label>
        <input id="base-file" type="file" accept="application/json,.json" onChange={onBaseFile} />
      </div>
      <p className="muted">
        Or open <code>/viewer?report=NEW&amp;base=OLD&amp;tab=diff</code>. The report opened above is the new one.
      </p>
      {rows && (
        <>
          <p data-testid="diff-summary">
            {baseName && (
              <>
                Base: <code>{baseName}</code>.{' '}
              </>
            )}
            <strong>
              {regressions === 0 ? 'No regressions.' : `${regressions} regression${regressions === 1 ? '' : 's'}.`}
            </strong>
          </p>
          <ScrollTable className="diff" testId="diff" head={DIFF_HEAD}>
            {rows.map((r) => (
              <tr key={`${r.cell}|${r.scenario}`} data-change={r.change}>
                <td>
                  <span className={`pill tone-${LABEL[r.change].tone}`}>{LABEL[r.change].text}</span>
                </td>
                <th scope="row">{r.scenario}</th>
                <td>
                  <code>{r.cell}</code>
                </td>
                <td>{r.base ? formatRate(r.base) : '—'}</td>
                <td>{r.next ? formatRate(r.next) : '—'}</td>
                <td>
                  {r.newlyFailing.length > 0
                    ? r.newlyFailing.map((id) => (
                        <code key={id} className="diff-exp">
                          {id}
                        </code>
                      ))
                    : ''}
                </td>
              </tr>
            ))}
          </ScrollTable>
        </>
      )}
    </section>
  );
}
