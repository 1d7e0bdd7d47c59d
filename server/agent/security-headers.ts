/**
 * Security headers on every answer of the agent server (pages, assets, API): the shared set
 * (`server/shared/http.ts`: a CSP with only the app's own scripts and styles, as Vite's build has no
 * inline script; no framing; nosniff; a Referrer-Policy that keeps the Origin header on the app's own
 * requests), plus what the chat app needs of its own.
 */
import type { RequestHandler } from 'express';
import { securityHeaders as sharedSecurityHeaders } from '../shared/http.js';

export function securityHeaders(): RequestHandler {
  return sharedSecurityHeaders({
    // The app calls its own API; its favicon is an inline SVG data: URL (in the shared imgSrc).
    directives: { connectSrc: ["'self'"], baseUri: ["'self'"] },
    helmet: {
      // The Connect card's popup (the navigator's guided flow) must keep its opener to post "done"
      // back; `same-origin` would cut it. Which windows may message the page is checked on receipt.
      crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
      // helmet's default for the app (the shared set turns it off for the cross-origin guided flow).
      crossOriginResourcePolicy: { policy: 'same-origin' },
    },
  });
}
