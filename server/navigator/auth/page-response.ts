/**
 * How every `/auth` answer is sent: the headers that keep the pages unframeable and script-free except
 * our own (with a per-answer style nonce), and the HTML and message-page answers built on them.
 */
import type { RequestHandler, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { HttpError } from '../../shared/http.js';
import { messagePage } from './pages.js';

/** A link back from a message page. */
export interface BackLink {
  href: string;
  label: string;
}

/** Sets the page headers and this answer's style nonce (`res.locals.nonce`). */
export const pageHeaders: RequestHandler = (_req, res, next) => {
  const nonce = randomBytes(16).toString('base64');
  res.locals.nonce = nonce;
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'`,
  );
  // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on the form posts, which the Origin guard refuses.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
};

/** The style nonce `pageHeaders` chose for this answer. */
export const nonceOf = (res: Response): string => String(res.locals.nonce);

export const html = (res: Response, status: number, body: string) => res.status(status).type('html').send(body);

/** Answers a page with a title, one paragraph and an optional link back. */
export const message = (res: Response, status: number, title: string, text: string, back?: BackLink) =>
  html(res, status, messagePage(title, text, nonceOf(res), back));

/** The link back to the flow's server list at `backPath`. */
export const backToServers = (backPath: string): BackLink => ({ href: backPath, label: 'Back to your servers' });

/** Starting an authorization failed: an HttpError's message is safe to show, anything else is not. */
export const cannotConnect = (res: Response, err: unknown, back?: BackLink) =>
  message(
    res,
    502,
    'Cannot connect right now',
    err instanceof HttpError ? err.message : 'The server could not be reached.',
    back,
  );
