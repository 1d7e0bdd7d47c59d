import { describe, expect, it } from 'vitest';
import { REDACTED, scrubSecrets, scrubText } from './scrub.js';

describe('scrub', () => {
  it('masks bearer tokens inside text', () => {
    expect(scrubText('failed: Authorization: Bearer abc.def-123456 rejected')).toBe(
      `failed: Authorization: Bearer ${REDACTED} rejected`,
    );
  });
  it('blanks credential-named fields at any depth and keeps the rest', () => {
    const input = { a: [{ access_token: 'tok_123', note: 'ok' }], refresh_token: 'r', n: 3 };
    expect(scrubSecrets(input)).toEqual({ a: [{ access_token: REDACTED, note: 'ok' }], refresh_token: REDACTED, n: 3 });
    expect(input.a[0]?.access_token).toBe('tok_123');
  });
});
