/**
 * The mock Slack's refresh tokens over real HTTP: rotation, reuse detection and revocation (RFC 7009,
 * admin expire/revoke). The authorization-code flow itself is in oauth-flow.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { manualClock } from '../../../server/shared/clock.js';
import { connect, registerClient, signIn, textOf, tokenRequest } from './helpers.js';

let slack: Awaited<ReturnType<typeof startSlackServer>>;
let base: string;

beforeAll(async () => {
  slack = await startSlackServer({ admin: true });
  base = slack.url;
});
afterAll(() => slack.close());

describe('refresh and revocation', () => {
  it('rotates refresh tokens: the old one is refused after use', async () => {
    const t = await signIn(base, 'carol');
    const first = await tokenRequest(base, t.client, { grant_type: 'refresh_token', refresh_token: t.refresh_token });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(t.refresh_token);
    const replay = await tokenRequest(base, t.client, { grant_type: 'refresh_token', refresh_token: t.refresh_token });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    const { client: mcp } = await connect(base, String(first.body.access_token));
    expect(textOf(await mcp.callTool({ name: 'read_direct_messages', arguments: {} }))).toContain('Carol');
    await mcp.close();
    // Within the grace window the replay did not end the grant: the successor still refreshes.
    const next = await tokenRequest(base, t.client, {
      grant_type: 'refresh_token',
      refresh_token: String(first.body.refresh_token),
    });
    expect(next.status).toBe(200);
  });

  it('a refused refresh (scope widening, another resource) consumes nothing: the same refresh token still works', async () => {
    const t = await signIn(base, 'alice', undefined, 'channels:read');
    const widen = await tokenRequest(base, t.client, {
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token,
      scope: 'channels:read im:read',
    });
    expect(widen.status).toBe(400);
    expect(widen.body.error).toBe('invalid_scope');
    const foreign = await tokenRequest(base, t.client, {
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token,
      resource: 'http://127.0.0.1:1/mcp',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toBe('invalid_target');
    const same = await tokenRequest(base, t.client, {
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token,
      resource: `${base}/mcp`,
    });
    expect(same.status).toBe(200);
    expect(same.body.scope).toBe('channels:read');
  });

  it('revokes the whole grant when a rotated refresh token is reused after the grace window', async () => {
    const clock = manualClock();
    const strict = await startSlackServer({ refreshReuseGraceSeconds: 5, clock });
    try {
      const t = await signIn(strict.url, 'alice');
      const rotated = await tokenRequest(strict.url, t.client, {
        grant_type: 'refresh_token',
        refresh_token: t.refresh_token,
      });
      expect(rotated.status).toBe(200);
      clock.advance(5_001);
      const reuse = await tokenRequest(strict.url, t.client, {
        grant_type: 'refresh_token',
        refresh_token: t.refresh_token,
      });
      expect(reuse).toMatchObject({
        status: 400,
        body: { error: 'invalid_grant', error_description: expect.stringMatching(/grant is revoked/) },
      });
      const mcp = await fetch(`${strict.url}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${String(rotated.body.access_token)}` },
      });
      expect(mcp.status).toBe(401);
      const successor = await tokenRequest(strict.url, t.client, {
        grant_type: 'refresh_token',
        refresh_token: String(rotated.body.refresh_token),
      });
      expect(successor.body.error).toBe('invalid_grant');
    } finally {
      await strict.close();
    }
  });

  it('issues access tokens with the configured lifetime and refuses them once it has passed', async () => {
    const clock = manualClock();
    const short = await startSlackServer({ tokenLifetimeSeconds: 60, clock });
    try {
      const t = await signIn(short.url, 'alice');
      expect(t.expires_in).toBe(60);
      const use = () =>
        fetch(`${short.url}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${t.access_token}` } });
      expect((await use()).status).not.toBe(401);
      clock.advance(59_000);
      expect((await use()).status).not.toBe(401);
      clock.advance(1_001);
      const expired = await fetch(`${short.url}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.access_token}` },
      });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
    } finally {
      await short.close();
    }
  });

  it('revokes an access token and a refresh token (RFC 7009)', async () => {
    const t = await signIn(base, 'bob');
    const revoke = (token: string) =>
      fetch(`${base}/revoke`, { method: 'POST', body: new URLSearchParams({ client_id: t.client.client_id, token }) });
    expect((await revoke(t.access_token)).status).toBe(200);
    const mcp = await fetch(`${base}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${t.access_token}` } });
    expect(mcp.status).toBe(401);
    expect((await revoke(t.refresh_token)).status).toBe(200);
    const refresh = await tokenRequest(base, t.client, { grant_type: 'refresh_token', refresh_token: t.refresh_token });
    expect(refresh.body.error).toBe('invalid_grant');
    expect((await revoke('unknown-token')).status).toBe(200);
  });

  it('gives spec errors at the token endpoint for bad grants', async () => {
    const client = await registerClient(base);
    const unsupported = await tokenRequest(base, client, { grant_type: 'password' });
    expect(unsupported).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    const missing = await tokenRequest(base, client, { grant_type: 'authorization_code' });
    expect(missing).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const unknownClient = await tokenRequest(
      base,
      { client_id: 'nope' },
      { grant_type: 'refresh_token', refresh_token: 'x' },
    );
    expect(unknownClient).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
  });
});
