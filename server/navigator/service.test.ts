import { afterEach, describe, expect, it } from 'vitest';
import { parseEncryptionKey } from './crypto.js';
import { DownstreamPool } from './downstream/pool.js';
import { NavigatorService } from './service.js';
import { NavigatorStore } from './store/store.js';

const key = parseEncryptionKey('cd'.repeat(32));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function build(servers = 20) {
  const store = new NavigatorStore(':memory:', key, { countQueries: true });
  const pool = new DownstreamPool({ credentials: store, timeoutMs: 1_000 });
  const service = new NavigatorService({
    store,
    pool,
    publicUrl: () => 'http://nav.test',
    oauthTimeoutMs: 1_000,
    log: () => {},
  });
  cleanups.push(
    () => store.close(),
    () => pool.close(),
  );
  store.createProject('p', 'P');
  const ids = Array.from(
    { length: servers },
    (_, i) =>
      store.addServer('p', { name: `s${i}`, displayName: `S${i}`, mcpUrl: 'http://127.0.0.1:9/mcp', authLevel: 'user' })
        .id,
  );
  store.createInstance('p', 'i1', 'One', 'key-1', true);
  store.createInstance('p', 'i2', 'Two', 'key-2', false);
  store.ensureAuthLink('p');
  return { testing: service.testing, service, ids };
}

/** Counts the SQLite statements run from now on (the store counts them when opened with `countQueries`). */
function countQueries(service: NavigatorService): () => number {
  const start = service.testing.queryCount;
  return () => service.testing.queryCount - start;
}

describe('NavigatorService.status', () => {
  it('costs one indexed query per user, whatever the number of servers', async () => {
    const { testing, service, ids } = build(20);
    for (const id of ids.slice(0, 7)) testing.saveCredential('alice', id, { accessToken: `t${id}` });
    await service.status('alice', 'p'); // warms the caches of servers, instances and the link
    const queries = countQueries(service);
    const s = await service.status('alice', 'p');
    expect(queries()).toBe(1);
    expect(s.status).toBe('authentication_needed');
    expect(s.unauthenticated_servers).toHaveLength(13);
    expect(s.auth_link).toMatch(/^http:\/\/nav\.test\/auth\?auth_link_id=/);
  });

  it('follows writes at once: the toggle, a new server and a new credential', async () => {
    const { testing, service, ids } = build(2);
    expect((await service.status('bob', 'p')).auth_link).toBeDefined();
    service.setInChatAuth('i1', false);
    expect((await service.status('bob', 'p')).auth_link).toBeUndefined();
    service.setInChatAuth('i2', true);
    expect((await service.status('bob', 'p')).auth_link).toBeDefined();
    testing.addServer('p', {
      name: 'extra',
      displayName: 'Extra',
      mcpUrl: 'http://127.0.0.1:9/mcp',
      authLevel: 'user',
    });
    expect((await service.status('bob', 'p')).unauthenticated_servers).toEqual(['s0', 's1', 'extra']);
    for (const id of ids) testing.saveCredential('bob', id, { accessToken: 'x' });
    expect((await service.status('bob', 'p')).unauthenticated_servers).toEqual(['extra']);
  });

  it('[B16] a verifying status check that cannot reach a server within its budget keeps the stored state', async () => {
    const { testing, service, ids } = build(1);
    const id = ids[0] ?? 0;
    testing.saveCredential('alice', id, { accessToken: 'x' });
    // Port 9 (discard) refuses or drops the connection: the ping is 'unreachable', never 'invalid'.
    const s = await service.status('alice', 'p', { verify: true });
    expect(s.status).toBe('fully_authenticated');
    expect(testing.credentialStates('alice', 'p').get(id)).toBe('valid');
  });
});
