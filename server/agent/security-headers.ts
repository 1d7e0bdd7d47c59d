/**
 * Security headers on every answer of the agent server (pages, assets, API), with helmet: a CSP
 * that allows only the app's own scripts, styles and connections (Vite's build has no inline
 * script), no framing (`frame-ancestors 'none'` and X-Frame-Options), nosniff, and a Referrer-Policy
 * that keeps the Origin header on the app's own requests.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // The favicon is an inline SVG data: URL.
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The Connect card's popup (the navigator's guided flow) must keep its opener to post "done"
    // back; `same-origin` would cut it. Which windows may message the page is checked on receipt.
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // Plain http on localhost in the demo: no HSTS, which would pin the name to https.
    strictTransportSecurity: false,
  });
}
