/**
 * Server-rendered HTML pages: a React element rendered to static markup by `react-dom/server`, so the
 * renderer escapes every text and attribute value (no hand-escaping anywhere). Used by the
 * navigator's guided flow, the agent's preview banner and the mocks' pages.
 */
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

/** A whole HTML document from an element whose root is `<html>`. */
export function renderDocument(page: ReactElement): string {
  return `<!doctype html>${renderToStaticMarkup(page)}`;
}

/** A fragment of HTML (no doctype), for a piece spliced into a page made elsewhere. */
export function renderFragment(fragment: ReactElement): string {
  return renderToStaticMarkup(fragment);
}
