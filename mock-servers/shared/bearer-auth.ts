/**
 * Bearer-token check of a mock's /mcp, per RFC 6750 §3 and the MCP authorization spec: a request
 * without credentials gets a 401 challenge naming the resource metadata and the scopes, without an
 * `error` (none was sent, so none is wrong); a bad or expired token gets `error="invalid_token"`;
 * a tools/call whose token lacks the tool's scope gets 403 `error="insufficient_scope"` naming the
 * scope to ask for (Scope Challenge Handling). The token itself is verified by the OAuth provider.
 */
import type { RequestHandler, Response } from 'express';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
// The SDK's middleware module declares `req.auth` on Express requests.
import type {} from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { systemClock, type Clock } from '../../server/shared/clock.js';

export interface BearerAuthConfig {
  verifier: OAuthTokenVerifier;
  resourceMetadataUrl: string;
  /** Every scope of the service, offered in the 401 challenge. */
  scopes: readonly string[];
  /** Default the system clock. */
  clock?: Clock;
}

const quoted = (s: string) => `"${s.replace(/["\\]/g, '')}"`;

function challenge(res: Response, status: 401 | 403, params: Record<string, string | undefined>, body: unknown): void {
  const parts = Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${quoted(v)}`);
  res.set('WWW-Authenticate', `Bearer ${parts.join(', ')}`);
  res.status(status).json(body);
}

export function bearerAuth(cfg: BearerAuthConfig): RequestHandler {
  const scope = cfg.scopes.join(' ');
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) {
      return challenge(
        res,
        401,
        { resource_metadata: cfg.resourceMetadataUrl, scope },
        { error: 'unauthorized', error_description: 'Send Authorization: Bearer <access token>' },
      );
    }
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const invalid = (description: string) =>
      challenge(
        res,
        401,
        { error: 'invalid_token', error_description: description, resource_metadata: cfg.resourceMetadataUrl, scope },
        { error: 'invalid_token', error_description: description },
      );
    if (!m?.[1]) return invalid("Invalid Authorization header format, expected 'Bearer TOKEN'");
    try {
      const info = await cfg.verifier.verifyAccessToken(m[1]);
      if (typeof info.expiresAt !== 'number' || info.expiresAt < (cfg.clock ?? systemClock).now() / 1000)
        return invalid('Token has expired');
      req.auth = info;
      next();
    } catch (err) {
      if (err instanceof InvalidTokenError) return invalid(err.message);
      next(err);
    }
  };
}

/** 403 insufficient_scope for a tools/call whose token lacks the tool's scope (after bearerAuth and JSON parsing). */
export function toolScopeCheck(
  toolScopes: Readonly<Record<string, string>>,
  resourceMetadataUrl: string,
): RequestHandler {
  return (req, res, next) => {
    const body = req.body as { method?: unknown; id?: unknown; params?: { name?: unknown } } | undefined;
    if (!body || Array.isArray(body) || body.method !== 'tools/call' || typeof body.params?.name !== 'string')
      return next();
    const needed = toolScopes[body.params.name];
    const provided = req.auth?.scopes ?? [];
    if (needed === undefined || provided.includes(needed)) return next();
    const message = `Missing OAuth scope "${needed}": ${body.params.name} needs it, but this connection was granted ${provided.length > 0 ? provided.join(' ') : 'no scopes'}. Reconnect and allow "${needed}".`;
    const id = typeof body.id === 'string' || typeof body.id === 'number' ? body.id : null;
    challenge(
      res,
      403,
      {
        error: 'insufficient_scope',
        scope: [...new Set([...provided, needed])].join(' '),
        resource_metadata: resourceMetadataUrl,
        error_description: `${body.params.name} needs scope ${needed}`,
      },
      {
        jsonrpc: '2.0',
        id,
        error: { code: -32003, message, data: { error: 'insufficient_scope', needed, provided: [...provided] } },
      },
    );
  };
}
