/** The polite live region that announces a page's last notice (a saved change, a refusal). */
import type { Notice } from './ServersSection.js';

export function NoticeRegion({ notice, testId }: { notice: Notice | null; testId: string }) {
  return (
    <div aria-live="polite">
      {notice && (
        <p className={`banner ${notice.tone}`} data-testid={testId}>
          {notice.text}
        </p>
      )}
    </div>
  );
}
