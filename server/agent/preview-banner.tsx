/**
 * The banner the admin's auth-page preview puts on top of the navigator's page. Rendered by
 * `react-dom/server` (the link URL is escaped by the renderer); the preview's CSP allows inline styles.
 */
import { renderFragment } from '../shared/html-page.js';

const BANNER_STYLE = {
  margin: 0,
  padding: '10px 16px',
  background: '#fef3c7',
  color: '#713f12',
  font: '14px/1.4 system-ui,sans-serif',
  textAlign: 'center',
} as const;

/** The banner's HTML, naming the link whose first page the preview shows. */
export function previewBanner(linkUrl: string): string {
  return renderFragment(
    <p role="note" style={BANNER_STYLE}>
      Preview: what a signed-out new user sees at <strong>{linkUrl}</strong>. Read-only: forms and scripts are off.
    </p>,
  );
}
