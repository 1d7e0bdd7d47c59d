/**
 * The authorization endpoint of a mock: `GET|POST /authorize` validates the request and renders the
 * sign-in + consent page (pending request kept server-side under `request_id`, CSRF token bound to a
 * cookie), and `POST /authorize/decision` turns Allow / Deny into the redirect back to the client.
 * Client and redirect_uri problems get an HTML error page and never a redirect; every other problem is
 * reported to the (exactly matched, registered) redirect_uri as RFC 6749 §4.1.2.1 says.
 */
import express, { type Request, type Response, type Router } from 'express';
import cookieParser from 'cookie-parser';
import { safeEqual } from '../../server/shared/secrets.js';
import { z } from 'zod';
import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { AuthStore, PendingAuthorization } from './auth-store.js';
import { renderConsentPage, sendErrorPage, setPageSecurityHeaders } from './consent-page.js';
import { grantedScopes } from './scopes.js';
import { Account, type ServiceName, type ServiceTheme } from './types.js';

export interface AuthorizeRoutesConfig {
  service: ServiceName;
  theme: ServiceTheme;
  scopes: Record<string, string>;
  store: AuthStore;
  /** Resource indicators (RFC 8707) this server accepts, normalized with `new URL().href`. */
  resources: string[];
  /** The issuer identifier, sent as `iss` on every redirect back to the client (RFC 9207). */
  issuer: string;
}

export type ConsentRequest = Omit<PendingAuthorization, 'requestId' | 'csrfToken' | 'expiresAt'>;

const ClientParams = z.object({ client_id: z.string().min(1), redirect_uri: z.string().min(1).optional() });
const RequestParams = z.object({
  response_type: z.unknown(),
  code_challenge: z.unknown(),
  code_challenge_method: z.unknown(),
  scope: z.string().optional(),
  state: z.string().max(2000).optional(),
  resource: z.string().optional(),
  login_hint: z.string().optional(),
});
const Decision = z.object({
  request_id: z.string().min(1).max(200),
  csrf_token: z.string().min(1).max(200),
  account: z.string().max(100).optional(),
  decision: z.enum(['allow', 'deny']),
});

class RedirectableError extends Error {
  constructor(
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

function redirectWith(
  res: Response,
  redirectUri: string,
  issuer: string,
  params: Record<string, string | undefined>,
): void {
  const url = new URL(redirectUri);
  params = { ...params, iss: issuer };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(302, url.href);
}

function sameSecret(a: string | undefined, b: string): boolean {
  return a !== undefined && safeEqual(a, b);
}

export function createAuthorizeRoutes(cfg: AuthorizeRoutesConfig): {
  router: Router;
  startConsent: (req: ConsentRequest, res: Response) => void;
} {
  const { theme, store } = cfg;
  const cookieName = (requestId: string) => `${cfg.service}_consent_${requestId}`;
  const scopeList = (names: string[]) => names.map((name) => ({ name, description: cfg.scopes[name] ?? name }));

  const renderConsent = (res: Response, p: PendingAuthorization, status = 200, error?: string, selected?: Account) => {
    setPageSecurityHeaders(res);
    res
      .status(status)
      .type('html')
      .send(
        renderConsentPage(theme, {
          requestId: p.requestId,
          csrfToken: p.csrfToken,
          clientName: p.client.client_name ?? p.client.client_id,
          redirectUri: p.redirectUri,
          scopes: scopeList(p.scopes),
          selected: selected ?? p.loginHint,
          error,
        }),
      );
  };

  const startConsent = (req: ConsentRequest, res: Response) => {
    const pending = store.createPending(req);
    res.cookie(cookieName(pending.requestId), pending.csrfToken, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/authorize',
      maxAge: 10 * 60_000,
    });
    renderConsent(res, pending);
  };

  /** Phase 2 checks: anything wrong here is reported to the client's redirect_uri. */
  const parseRequest = (
    raw: unknown,
    client: OAuthClientInformationFull,
    redirectUri: string,
    redirectUriInRequest: boolean,
  ): ConsentRequest => {
    const parsed = RequestParams.safeParse(raw);
    if (!parsed.success) throw new RedirectableError('invalid_request', 'Malformed authorization request parameters');
    const p = parsed.data;
    if (p.response_type !== 'code')
      throw new RedirectableError('unsupported_response_type', 'response_type must be "code"');
    if (typeof p.code_challenge !== 'string' || !/^[A-Za-z0-9._~-]{43,128}$/.test(p.code_challenge)) {
      throw new RedirectableError('invalid_request', 'A PKCE code_challenge (S256) is required');
    }
    if (p.code_challenge_method !== 'S256') {
      throw new RedirectableError('invalid_request', 'code_challenge_method must be S256; plain PKCE is not accepted');
    }
    const requested = (p.scope ?? '').split(' ').filter(Boolean);
    const unknown = requested.filter((s) => !(s in cfg.scopes));
    if (unknown.length > 0) throw new RedirectableError('invalid_scope', `Unknown scope: ${unknown.join(' ')}`);
    let resource: string | undefined;
    if (p.resource !== undefined) {
      resource = URL.canParse(p.resource) ? new URL(p.resource).href : p.resource;
      if (!cfg.resources.includes(resource))
        throw new RedirectableError('invalid_target', 'Unknown resource for this server');
    }
    const hint = Account.safeParse(p.login_hint);
    return {
      client,
      redirectUri,
      redirectUriInRequest,
      state: p.state,
      scopes: grantedScopes(requested, client, Object.keys(cfg.scopes)),
      codeChallenge: p.code_challenge,
      resource,
      loginHint: hint.success ? hint.data : undefined,
    };
  };

  const authorize = (req: Request, res: Response) => {
    const raw: unknown = req.method === 'POST' ? req.body : req.query;
    const cp = ClientParams.safeParse(raw);
    if (!cp.success) {
      sendErrorPage(
        res,
        theme,
        400,
        'Invalid sign-in request',
        'The request is missing a valid client_id or redirect_uri.',
      );
      return;
    }
    const client = store.getClient(cp.data.client_id);
    if (!client) {
      sendErrorPage(res, theme, 400, 'Unknown application', 'No application is registered with this client_id.');
      return;
    }
    const registered = client.redirect_uris;
    let redirectUri = cp.data.redirect_uri;
    if (redirectUri === undefined && registered.length === 1) redirectUri = registered[0];
    // Exact string match only (no loopback port relaxation): an unregistered URI never gets a redirect.
    if (redirectUri === undefined || !registered.includes(redirectUri)) {
      sendErrorPage(
        res,
        theme,
        400,
        'Invalid redirect URI',
        'The redirect_uri is not registered for this application.',
      );
      return;
    }
    const state = typeof (raw as { state?: unknown }).state === 'string' ? (raw as { state: string }).state : undefined;
    try {
      startConsent(parseRequest(raw, client, redirectUri, cp.data.redirect_uri !== undefined), res);
    } catch (e) {
      if (!(e instanceof RedirectableError)) throw e;
      redirectWith(res, redirectUri, cfg.issuer, { error: e.error, error_description: e.message, state });
    }
  };

  const decide = (req: Request, res: Response) => {
    const parsed = Decision.safeParse(req.body);
    if (!parsed.success) {
      sendErrorPage(res, theme, 400, 'Invalid form', 'The consent form was incomplete. Start the sign-in again.');
      return;
    }
    const d = parsed.data;
    const pending = store.getPending(d.request_id);
    if (!pending) {
      sendErrorPage(
        res,
        theme,
        400,
        'Sign-in request expired',
        'This sign-in request has expired or was already used.',
      );
      return;
    }
    const cookie: unknown = req.cookies?.[cookieName(pending.requestId)];
    const cookieValue = typeof cookie === 'string' ? cookie : undefined;
    if (!sameSecret(d.csrf_token, pending.csrfToken) || !sameSecret(cookieValue, pending.csrfToken)) {
      sendErrorPage(
        res,
        theme,
        403,
        'Request could not be verified',
        'The form was not submitted from this sign-in page (CSRF check failed).',
      );
      return;
    }
    if (d.decision === 'allow') {
      const account = Account.safeParse(d.account);
      if (!account.success) {
        renderConsent(res, pending, 400, 'Choose an account to continue.');
        return;
      }
      store.deletePending(pending.requestId);
      res.clearCookie(cookieName(pending.requestId), { path: '/authorize' });
      redirectWith(res, pending.redirectUri, cfg.issuer, {
        code: store.issueCode(pending, account.data),
        state: pending.state,
      });
      return;
    }
    store.deletePending(pending.requestId);
    res.clearCookie(cookieName(pending.requestId), { path: '/authorize' });
    redirectWith(res, pending.redirectUri, cfg.issuer, {
      error: 'access_denied',
      error_description: 'The user denied access',
      state: pending.state,
    });
  };

  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  router.get('/authorize', authorize);
  router.post('/authorize', form, authorize);
  router.post('/authorize/decision', form, cookieParser(), decide);
  return { router, startConsent };
}
