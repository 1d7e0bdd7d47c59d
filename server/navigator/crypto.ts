/**
 * Secrets at rest and in comparison: AES-256-GCM for stored tokens (bound to their row by AAD),
 * sha256 + constant-time compare (shared/secrets.ts) for API keys, scrypt for user passwords, random URL-safe ids.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scrypt } from 'node:crypto';
import { sameBytes } from '../shared/secrets.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 1;

/** Parses a 32-byte hex key; throws a clear error otherwise. */
export function parseEncryptionKey(hex: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('encryptionKey must be 32 bytes written as 64 hex characters');
  return Buffer.from(hex, 'hex');
}

/** Encrypts `plain` so that it only decrypts with the same key and the same `aad` (e.g. its row id). */
export function encrypt(key: Buffer, plain: string, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), body]);
}

export function decrypt(key: Buffer, sealed: Buffer, aad: string): string {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT_VERSION) throw new Error('unreadable secret');
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time string equality (for CSRF tokens and the like); one copy, in shared/secrets.ts. */
export { safeEqual } from '../shared/secrets.js';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Derives a purpose-specific secret (cookie signing, ...) from the master key. */
export function deriveSecret(key: Buffer, purpose: string): string {
  return createHmac('sha256', key).update(purpose).digest('base64url');
}

const SCRYPT_N = 16384;
const SCRYPT_KEYLEN = 32;

function scryptAsync(password: string, salt: Buffer, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, SCRYPT_KEYLEN, { N: n, r: 8, p: 1 }, (err, derived) =>
      err ? reject(err) : resolve(derived),
    );
  });
}

/** `scrypt$N$salt$hash`, all base64url. `cost` (N) is stored in the hash, so verifyPassword reads it back. */
export async function hashPassword(password: string, cost = SCRYPT_N): Promise<string> {
  const salt = randomBytes(16);
  const derived = await scryptAsync(password, salt, cost);
  return `scrypt$${cost}$${salt.toString('base64url')}$${derived.toString('base64url')}`;
}

/**
 * A well-formed hash at today's cost that no password matches: checking an unknown user against it
 * costs the same scrypt as a known user, so the answer time does not tell them apart. A constant, not
 * a hash made at start: one scrypt per navigator start made every test stack and harness run pay
 * 16 MB of scrypt memory at once (about +90 MB peak RSS for the scenario library).
 */
export const UNKNOWN_USER_HASH = `scrypt$${SCRYPT_N}$${'A'.repeat(22)}$${'A'.repeat(43)}`;

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const derived = await scryptAsync(password, Buffer.from(salt, 'base64url'), Number(n));
  return sameBytes(derived, expected);
}
