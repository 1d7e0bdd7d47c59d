import { describe, expect, it } from 'vitest';
import {
  decrypt,
  encrypt,
  hashPassword,
  parseEncryptionKey,
  safeEqual,
  sha256,
  UNKNOWN_USER_HASH,
  verifyPassword,
} from './crypto.js';
import { sameBytes } from '../shared/secrets.js';

const key = parseEncryptionKey('11'.repeat(32));

describe('crypto', () => {
  it('round-trips a secret and refuses another row or key', () => {
    const sealed = encrypt(key, 'tok-123', 'row:1');
    expect(sealed.toString('latin1')).not.toContain('tok-123');
    expect(decrypt(key, sealed, 'row:1')).toBe('tok-123');
    expect(() => decrypt(key, sealed, 'row:2')).toThrow();
    expect(() => decrypt(parseEncryptionKey('22'.repeat(32)), sealed, 'row:1')).toThrow();
  });
  it('rejects malformed keys', () => {
    expect(() => parseEncryptionKey('abc')).toThrow(/64 hex/);
  });
  it('matches API keys by hash and compares strings in constant time', () => {
    expect(sameBytes(sha256('key'), sha256('key'))).toBe(true);
    expect(sameBytes(sha256('kez'), sha256('key'))).toBe(false);
    expect(sameBytes(sha256('key'), Buffer.alloc(0))).toBe(false);
    expect(safeEqual('a', 'a')).toBe(true);
    expect(safeEqual('a', 'b')).toBe(false);
  });
  it('hashes passwords with scrypt', async () => {
    const h = await hashPassword('alice');
    expect(h).toMatch(/^scrypt\$/);
    expect(await verifyPassword('alice', h)).toBe(true);
    expect(await verifyPassword('bob', h)).toBe(false);
    expect(await verifyPassword('alice', 'garbage')).toBe(false);
  });
  it('stores the scrypt cost in the hash, and verification reads it from there', async () => {
    expect(await hashPassword('alice')).toMatch(/^scrypt\$16384\$/);
    const cheap = await hashPassword('alice', 1024);
    expect(cheap).toMatch(/^scrypt\$1024\$/);
    expect(await verifyPassword('alice', cheap)).toBe(true);
    expect(await verifyPassword('bob', cheap)).toBe(false);
  });
});

describe('UNKNOWN_USER_HASH', () => {
  it('matches no password and costs what a real hash costs (same scrypt parameters)', async () => {
    expect(await verifyPassword('', UNKNOWN_USER_HASH)).toBe(false);
    expect(await verifyPassword('alice', UNKNOWN_USER_HASH)).toBe(false);
    const real = await hashPassword('alice');
    expect(UNKNOWN_USER_HASH.split('$').slice(0, 2)).toEqual(real.split('$').slice(0, 2));
    expect(UNKNOWN_USER_HASH.split('$').map((p) => p.length)).toEqual(real.split('$').map((p) => p.length));
  });
});
