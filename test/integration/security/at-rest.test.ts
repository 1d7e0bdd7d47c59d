/**
 * Secrets at rest, read straight from the navigator's SQLite file (and its WAL): instance API keys are
 * stored only as hashes, downstream access and refresh tokens only encrypted, user passwords only as
 * scrypt hashes; the admin key is not stored at all. The settings API needs the admin key.
 */
import { readDatabaseFile } from '../../../server/navigator/store/testing.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../../kit/stack.js';
import { startChatStack } from '../reliability/support.js';
import { rawRequest } from './raw-http.js';

let stack: Stack;
let dbPath: string;
let secondKey: string;
beforeAll(async () => {
  stack = await startChatStack();
  dbPath = stack.dbPath;
  await stack.connect('alice', ['slack', 'linear']);
  await stack.connect('bob', ['slack']);
  await stack.api('PATCH', '/api/projects/demo/servers/linear', { auth_level: 'project' });
  await stack.connectShared('linear');
  secondKey = (await stack.settings.addInstance({ id: 'second', name: 'Second' })).api_key;
});
afterAll(async () => {
  await stack?.close();
});

/** Every byte the database keeps on disk: the main file plus its journal files. */
function diskBytes(): Buffer {
  return Buffer.concat(
    [dbPath, `${dbPath}-wal`, `${dbPath}-journal`].filter((p) => existsSync(p)).map((p) => readFileSync(p)),
  );
}

describe('secrets at rest', () => {
  it('downstream access and refresh tokens never appear in plaintext in the database files', async () => {
    const tokens = await stack.heldTokens();
    // alice's and bob's Slack, the shared Linear: access + refresh each (alice's Linear grant was revoked when Linear became project-level).
    expect(tokens.length).toBeGreaterThanOrEqual(6);
    const bytes = diskBytes();
    for (const t of tokens) {
      expect(bytes.includes(Buffer.from(t)), 'plaintext token on disk').toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(t).toString('base64'))), 'base64 token on disk').toBe(false);
    }
    const rows = readDatabaseFile(dbPath).credentials;
    expect(rows.length).toBe(3);
    for (const r of rows) {
      expect(r.secret[0]).toBe(1); // format version, then 12-byte IV and 16-byte GCM tag
      expect(r.secret.length).toBeGreaterThan(29);
    }
    // Same plaintext shape, different ciphertext: a random IV per secret.
    expect(new Set(rows.map((r) => r.secret.subarray(1, 13).toString('hex'))).size).toBe(rows.length);
  });

  it('instance API keys are stored only as sha256 hashes; the admin key and passwords are not stored in the clear', () => {
    const bytes = diskBytes();
    for (const key of [stack.apiKey, secondKey, stack.adminKey, stack.encryptionKey])
      expect(bytes.includes(Buffer.from(key)), 'secret on disk').toBe(false);
    const { instances, users } = readDatabaseFile(dbPath);
    const sha = (v: string) => createHash('sha256').update(v).digest('hex');
    expect(instances.map((i) => [i.id, Buffer.from(i.hash).toString('hex')])).toEqual([
      ['demo', sha(stack.apiKey)],
      ['second', sha(secondKey)],
    ]);
    for (const u of users) {
      expect(u.hash).toMatch(/^scrypt\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
      expect(u.hash).not.toContain(u.id);
    }
  });

  it('the instance key is checked against the hash: near misses are refused', async () => {
    const key = stack.apiKey;
    for (const wrong of [
      key.slice(0, -1),
      `${key}x`,
      key.toUpperCase(),
      sha256Hex(key),
      `${key.slice(0, -1)}${key.endsWith('0') ? '1' : '0'}`,
    ]) {
      if (wrong === key) continue;
      const r = await rawRequest(stack.mcpUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${wrong}`,
          'x-navigator-user': 'alice',
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
        }),
      });
      expect(r.status, wrong).toBe(401);
    }
  });

  it('every settings API route needs the admin key (the instance key is not enough)', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/api/projects/demo'],
      ['POST', '/api/projects/demo/servers'],
      ['PATCH', '/api/projects/demo/servers/slack'],
      ['DELETE', '/api/projects/demo/servers/slack'],
      ['POST', '/api/projects/demo/instances'],
      ['PUT', '/api/instances/demo/in-chat-auth'],
      ['GET', '/api/projects/demo/auth-link'],
      ['GET', '/api/projects/demo/users/alice/status'],
      ['POST', '/api/projects/demo/servers/linear/shared-credential'],
      ['DELETE', '/api/projects/demo/users/alice/credentials/slack'],
    ];
    const before = (await stack.heldTokens()).length;
    for (const [method, path] of routes) {
      for (const auth of [
        undefined,
        `Bearer ${stack.apiKey}`,
        `Bearer ${stack.adminKey}x`,
        `Basic ${stack.adminKey}`,
        stack.adminKey,
      ]) {
        const r = await rawRequest(`${stack.navigator.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
          body: method === 'GET' ? undefined : '{"enabled":false}',
        });
        expect(r.status, `${method} ${path} with ${auth ?? 'no key'}`).toBe(401);
        expect(r.json).toMatchObject({ error: { code: 'unauthorized' } });
      }
    }
    expect((await stack.heldTokens()).length).toBe(before);
    expect(stack.navigator.testing.instance('demo')?.inChatAuth).toBe(true);
  });
});

function sha256Hex(v: string): string {
  return createHash('sha256').update(v).digest('hex');
}
