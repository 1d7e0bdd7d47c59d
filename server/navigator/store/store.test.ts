import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEncryptionKey } from '../crypto.js';
import { CREDENTIAL_STATES_SQL, NavigatorStore, PROJECT_OWNER } from './store.js';

const key = parseEncryptionKey('ab'.repeat(32));
/** The store's own SQLite handle: only the store's own tests look at it (schema, encryption at rest, query plans). */
const dbOf = (s: NavigatorStore) => (s as unknown as { db: Database }).db;
const open: NavigatorStore[] = [];
function fresh(path = ':memory:'): NavigatorStore {
  const s = new NavigatorStore(path, key);
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) if (dbOf(s).open) s.close();
});

function seeded(s: NavigatorStore) {
  s.createProject('p', 'P');
  const slack = s.addServer('p', { name: 'slack', displayName: 'Slack', mcpUrl: 'http://x/mcp', authLevel: 'user' });
  s.createInstance('p', 'i1', 'One', 'secret-key');
  return { slack };
}

describe('NavigatorStore', () => {
  it('migrates an empty database and reports emptiness', () => {
    const s = fresh();
    expect(s.isEmpty()).toBe(true);
    seeded(s);
    expect(s.isEmpty()).toBe(false);
  });
  it('refuses a database written by a newer schema version, and reopens its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nav-schema-'));
    try {
      const path = join(dir, 'nav.db');
      const s = fresh(path);
      const version = dbOf(s).pragma('user_version', { simple: true }) as number;
      s.close();
      fresh(path).close();
      const newer = fresh(path);
      dbOf(newer).pragma(`user_version = ${version + 1}`);
      newer.close();
      expect(() => new NavigatorStore(path, key)).toThrow(/schema version/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('keeps credentials encrypted at rest and decrypts them per owner', () => {
    const s = fresh();
    const { slack } = seeded(s);
    s.saveCredential('alice', slack.id, { accessToken: 'AT-secret', refreshToken: 'RT-secret', expiresAt: 5 });
    const raw = dbOf(s).prepare('SELECT secret FROM credentials').get() as { secret: Buffer };
    expect(raw.secret.toString('latin1')).not.toContain('AT-secret');
    expect(s.getCredential('alice', slack.id)).toMatchObject({
      accessToken: 'AT-secret',
      refreshToken: 'RT-secret',
      expiresAt: 5,
      status: 'valid',
    });
    expect(s.getCredential('bob', slack.id)).toBeUndefined();
    s.markCredentialInvalid('alice', slack.id);
    expect(s.credentialStates('alice', 'p').get(slack.id)).toBe('invalid');
    s.saveCredential(PROJECT_OWNER, slack.id, { accessToken: 'shared' });
    expect(s.getCredential(PROJECT_OWNER, slack.id)?.accessToken).toBe('shared');
  });
  it('creates the default link once and removes credentials with their server', () => {
    const s = fresh();
    const { slack } = seeded(s);
    const id = s.ensureAuthLink('p');
    expect(s.ensureAuthLink('p')).toBe(id);
    expect(s.getAuthLinkProject(id)).toBe('p');
    s.saveCredential('alice', slack.id, { accessToken: 'a' });
    expect(s.removeServer('p', 'slack')).toBe(true);
    expect(s.listServers('p')).toEqual([]);
    expect(dbOf(s).prepare('SELECT COUNT(*) AS n FROM credentials').get()).toEqual({ n: 0 });
  });
  it('invalidates its caches on writes', () => {
    const s = fresh();
    seeded(s);
    expect(s.getInstance('i1')?.inChatAuth).toBe(false);
    s.setInChatAuth('i1', true);
    expect(s.getInstance('i1')?.inChatAuth).toBe(true);
    s.updateServer('p', 'slack', { authLevel: 'project' });
    expect(s.getServer('p', 'slack')?.authLevel).toBe('project');
    expect(s.getInstance('nope')).toBeUndefined();
  });
  it('survives reopening a file database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nav-store-'));
    try {
      const path = join(dir, 'n.db');
      const a = fresh(path);
      const { slack } = seeded(a);
      a.saveCredential('alice', slack.id, { accessToken: 'persisted' });
      a.close();
      const b = fresh(path);
      expect(b.isEmpty()).toBe(false);
      expect(b.getCredential('alice', slack.id)?.accessToken).toBe('persisted');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  // How fast this is under load is measured by `npm run bench` (store-scale: get_authentication_link
  // and tools/list with 10,000 users x 20 servers); here, only that the status query stays indexed.
  it('answers from indexes with 10,000 users x 20 servers', () => {
    const s = fresh();
    s.createProject('p', 'P');
    const servers = Array.from({ length: 20 }, (_, i) =>
      s.addServer('p', { name: `s${i}`, displayName: `S${i}`, mcpUrl: 'http://x/mcp', authLevel: 'user' }),
    );
    const insert = dbOf(s).prepare(
      "INSERT INTO credentials (owner, server_id, status, secret, expires_at, updated_at) VALUES (?, ?, 'valid', x'00', NULL, 0)",
    );
    dbOf(s).transaction(() => {
      for (let u = 0; u < 10_000; u++) for (const sv of servers) insert.run(`u${u}`, sv.id);
    })();
    for (let u = 0; u < 1000; u++) expect(s.credentialStates(`u${u * 7}`, 'p').size).toBe(20);
    // The very statement the status check runs: every step must search an index, none may scan a table.
    const plan = dbOf(s).prepare(`EXPLAIN QUERY PLAN ${CREDENTIAL_STATES_SQL}`).all('u1', 'p') as { detail: string }[];
    expect(plan.length).toBeGreaterThan(0);
    for (const step of plan)
      expect(step.detail).toMatch(/^SEARCH \w+ USING (COVERING INDEX|INDEX|PRIMARY KEY|INTEGER PRIMARY KEY)\b/);
    expect(s.credentialStates('u9999', 'p').size).toBe(20);
  });
});
