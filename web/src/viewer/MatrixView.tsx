/**
 * The prompt × model matrix: one column per cell (model, or model × prompt), one row per scenario,
 * each with its pass rate and 95% interval; a cell opens the runs behind it.
 */
import { formatRate, type MatrixView as Matrix, type RateView } from './analysis.js';
import { ScrollTable } from './ScrollTable.js';

function tone(r: RateView): string {
  return r.rate >= 0.999 ? 'ok' : r.rate <= 0.001 ? 'error' : 'warn';
}

export function MatrixView({ matrix, onOpen }: { matrix: Matrix; onOpen: (cell: string, scenario: string) => void }) {
  return (
    <section aria-labelledby="matrix-title">
      <h2 id="matrix-title">Prompt × model matrix</h2>
      <p className="muted">
        Pass rate per cell with its 95% Wilson interval and the runs counted
        {matrix.fromReport ? ' (from the report)' : ' (computed from the runs: this report has no matrix section)'}.
        Choose a cell to see its runs.
      </p>
      <ScrollTable
        className="matrix"
        testId="matrix"
        head={
          <>
            <th scope="col">Scenario</th>
            {matrix.cells.map((c) => (
              <th key={c.id} scope="col" data-cell={c.id}>
                <span className="matrix-cell-id">{c.id}</span>
                <span className={`pill tone-${tone(c.total)}`}>{formatRate(c.total)}</span>
              </th>
            ))}
          </>
        }
      >
        {matrix.scenarios.map((name) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            {matrix.cells.map((c) => {
              const r = matrix.rates.get(c.id)?.get(name);
              return (
                <td key={c.id} data-cell={c.id}>
                  {r && r.runs > 0 ? (
                    <button
                      type="button"
                      className={`matrix-rate tone-${tone(r)}`}
                      onClick={() => onOpen(c.id, name)}
                      aria-label={`${name} with ${c.id}: ${formatRate(r)}. Open its runs`}
                    >
                      <strong>{Math.round(r.rate * 100)}%</strong>
                      <span className="matrix-ci">
                        {Math.round(r.low * 100)}–{Math.round(r.high * 100)}% · {r.passed}/{r.runs}
                      </span>
                    </button>
                  ) : (
                    <span className="muted">no runs</span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </ScrollTable>
    </section>
  );
}
