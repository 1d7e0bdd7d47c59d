/**
 * Constant-time comparisons of secrets (API keys, CSRF tokens, passwords), so a wrong guess takes as
 * long as a right one whatever its length or common prefix.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time equality of two byte strings (false when the lengths differ). */
export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time string equality: compares sha256 digests, so the time does not depend on the lengths. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
