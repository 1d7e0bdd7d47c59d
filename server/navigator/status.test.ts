import { describe, expect, it } from 'vitest';
import { AuthLinkResult } from '../shared/contracts.js';
import { computeAuthStatus } from './status.js';
import { joinNames } from '../shared/text.js';

const slack = { id: 1, name: 'slack', displayName: 'Slack', authLevel: 'user' as const };
const linear = { id: 2, name: 'linear', displayName: 'Linear', authLevel: 'user' as const };
const wiki = { id: 3, name: 'wiki', displayName: 'Wiki', authLevel: 'project' as const };
const link = 'http://nav.test/auth?auth_link_id=abc';

describe('computeAuthStatus', () => {
  it('needs authentication for every user-level server without a valid credential', () => {
    const r = computeAuthStatus({ servers: [slack, linear, wiki], credentials: new Map(), authLink: link });
    expect(AuthLinkResult.parse(r)).toEqual(r);
    expect(r.status).toBe('authentication_needed');
    expect(r.auth_link).toBe(link);
    expect(r.unauthenticated_servers).toEqual(['slack', 'linear']);
    expect(r.message).toContain('Slack and Linear');
  });
  it('reports partial completion and expired credentials', () => {
    const r = computeAuthStatus({
      servers: [slack, linear],
      credentials: new Map([
        [1, 'valid'],
        [2, 'invalid'],
      ]),
      authLink: link,
    });
    expect(r.unauthenticated_servers).toEqual(['linear']);
    expect(r.servers.map((s) => s.state)).toEqual(['connected', 'expired']);
    expect(r.message).toContain('Connected: Slack.');
  });
  it('is fully authenticated when every user-level server is connected, ignoring project-level ones', () => {
    const r = computeAuthStatus({ servers: [slack, wiki], credentials: new Map([[1, 'valid']]), authLink: link });
    expect(r.status).toBe('fully_authenticated');
    expect(r.auth_link).toBeUndefined();
  });
  it('requires no auth without user-level servers', () => {
    const r = computeAuthStatus({ servers: [wiki], credentials: new Map() });
    expect(r.status).toBe('no_auth_required');
    expect(r.servers[0]?.state).toBe('project');
  });
  it('omits the link when none is active', () => {
    const r = computeAuthStatus({ servers: [slack], credentials: new Map() });
    expect(r.auth_link).toBeUndefined();
    expect(r.status).toBe('authentication_needed');
  });
  it('joins names in prose', () => {
    expect(joinNames(['A', 'B', 'C'])).toBe('A, B and C');
    expect(joinNames(['A'])).toBe('A');
  });
});
