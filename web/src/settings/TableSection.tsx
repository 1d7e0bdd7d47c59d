/**
 * A settings section built around one table (servers, instances): heading and intro, the table with
 * its column heads, a muted row when it has no rows, then whatever follows it (forms, dialogs).
 */
import type { ReactNode } from 'react';

export interface TableSectionProps {
  /** Prefix of the heading's id (`<id>-title`), which labels the section. */
  id: string;
  title: string;
  intro: ReactNode;
  columns: ReactNode[];
  rows: ReactNode;
  /** The text of the single row shown instead of `rows` when there are none; null when there are rows. */
  empty: string | null;
  children?: ReactNode;
}

export function TableSection({ id, title, intro, columns, rows, empty, children }: TableSectionProps) {
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <div className="section-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <p>{intro}</p>
      </div>
      <div className="table-wrap">
        <table className="stack-on-narrow">
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th scope="col" key={i}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows}
            {empty !== null && (
              <tr>
                <td colSpan={columns.length} className="muted">
                  {empty}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {children}
    </section>
  );
}

/** A row's first cell: the display name, with the id (slug) under it. */
export function NameCell({ name, id }: { name: string; id: string }) {
  return (
    <td>
      <strong>{name}</strong>
      <div className="muted">
        <code>{id}</code>
      </div>
    </td>
  );
}
