import { describe, expect, it } from 'vitest';
import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';
import { manualClock } from '../../server/shared/clock.js';
import { AuthStore } from './auth-store.js';

const client: OAuthClientInformationFull = { client_id: 'c1', redirect_uris: ['http://app/cb'] };

function setup(codeLifetimeSeconds = 60, refreshReuseGraceSeconds?: number) {
  const clock = manualClock();
  const store = new AuthStore({
    tokenPrefix: 't',
    tokenLifetimeSeconds: 3600,
    codeLifetimeSeconds,
    refreshReuseGraceSeconds,
    clock,
  });
  store.registerClient(client);
  const pending = store.createPending({ client, redirectUri: 'http://app/cb', scopes: ['read'], codeChallenge: 'ch' });
  return { store, clock, code: store.issueCode(pending, 'alice') };
}

describe('AuthStore', () => {
  it('issues tokens that verify as the consenting account', () => {
    const { store, code } = setup();
    expect(store.challengeFor('c1', code)).toBe('ch');
    const tokens = store.exchangeCode('c1', code, 'http://app/cb');
    expect(store.verify(tokens.access_token)).toMatchObject({
      clientId: 'c1',
      scopes: ['read'],
      extra: { account: 'alice' },
    });
  });

  it('refuses a code for another client, another redirect_uri, or twice', () => {
    const { store, code } = setup();
    expect(() => store.exchangeCode('c2', code)).toThrow(/Unknown/);
    expect(() => store.exchangeCode('c1', code, 'http://app/other')).toThrow(/redirect_uri/);
    expect(() => store.exchangeCode('c1', code, 'http://app/cb')).toThrow(/already used/);
  });

  it('rotates refresh tokens and revokes a whole grant through its refresh token', () => {
    const { store, code } = setup();
    const first = store.exchangeCode('c1', code);
    const second = store.exchangeRefresh('c1', first.refresh_token ?? '');
    expect(() => store.exchangeRefresh('c1', first.refresh_token ?? '')).toThrow(/refresh token/);
    store.revoke('c1', second.refresh_token ?? '');
    expect(() => store.verify(second.access_token)).toThrow(/revoked/);
    expect(() => store.verify(first.access_token)).toThrow(/revoked/);
  });

  it('refuses a rotated refresh token within the grace window but keeps the grant', () => {
    const { store, code } = setup(60, 60);
    const first = store.exchangeCode('c1', code);
    const second = store.exchangeRefresh('c1', first.refresh_token ?? '');
    expect(() => store.exchangeRefresh('c1', first.refresh_token ?? '')).toThrow(/already used refresh token/);
    expect(store.verify(second.access_token).extra).toEqual({ account: 'alice' });
    expect(store.exchangeRefresh('c1', second.refresh_token ?? '').access_token).toEqual(expect.any(String));
  });

  it('revokes the whole grant when a rotated refresh token is reused after the grace window', () => {
    const { store, clock, code } = setup(60, 5);
    const first = store.exchangeCode('c1', code);
    const second = store.exchangeRefresh('c1', first.refresh_token ?? '');
    clock.advance(6_000);
    expect(() => store.exchangeRefresh('other', first.refresh_token ?? '')).toThrow(/already used refresh token/);
    expect(store.verify(second.access_token).clientId).toBe('c1');
    expect(() => store.exchangeRefresh('c1', first.refresh_token ?? '')).toThrow(/grant is revoked/);
    expect(() => store.verify(second.access_token)).toThrow(/revoked/);
    expect(() => store.exchangeRefresh('c1', second.refresh_token ?? '')).toThrow(/refresh token/);
  });

  it('expires and revokes by account, reporting counts only', () => {
    const { store, clock, code } = setup();
    const tokens = store.exchangeCode('c1', code);
    expect(store.expireAccount('alice')).toBe(1);
    expect(store.verify(tokens.access_token).expiresAt).toBeLessThan(clock.now() / 1000);
    expect(store.summary()).toEqual({ alice: { activeAccessTokens: 0, expiredAccessTokens: 1, refreshTokens: 1 } });
    expect(store.revokeAccount('bob')).toBe(0);
    expect(store.revokeAccount('alice')).toBe(2);
    expect(JSON.stringify(store.summary())).not.toContain(tokens.access_token);
  });

  it('ignores revocation of a token by a client that does not own it', () => {
    const { store, code } = setup();
    const tokens = store.exchangeCode('c1', code);
    store.revoke('other', tokens.access_token);
    expect(store.verify(tokens.access_token).clientId).toBe('c1');
  });
});
