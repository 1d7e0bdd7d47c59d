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

/** The error notice for a failed action: what failed, then the reason. */
export function failureNotice(what: string, err: unknown): Notice {
  return { tone: 'error', text: `${what}: ${err instanceof Error ? err.message : String(err)}` };
}
