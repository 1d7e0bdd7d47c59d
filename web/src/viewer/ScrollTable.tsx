/** A report table that scrolls sideways on narrow screens: one header row, then the body rows. */
import type { ReactNode } from 'react';

export function ScrollTable({
  className,
  testId,
  head,
  children,
}: {
  className: string;
  testId: string;
  head: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className={className} data-testid={testId}>
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
