import { describe, expect, it } from 'vitest';
import type { Turn } from './report-schema.js';
import { findLeaks, redact } from './secrets.js';

describe('token leak check', () => {
  it('finds known values and token-shaped strings, masked, and redacts them', () => {
    const turns: Turn[] = [
      { kind: 'assistant', step: 0, at_ms: 0, user: 'alice', text: 'your token is secret-value-123' },
      {
        kind: 'tool-result',
        step: 0,
        at_ms: 0,
        user: 'alice',
        id: '1',
        name: 'x',
        is_error: false,
        text: 'Bearer xoxm_at_AAAAAAAAAAAAAAAAAAAA',
      },
    ];
    const leaks = findLeaks(['secret-value-123'], [{ where: 'the transcript', text: JSON.stringify(turns) }]);
    expect(leaks).toHaveLength(2);
    expect(leaks.join(' ')).not.toContain('secret-value-123');
    redact(turns, ['secret-value-123']);
    expect(JSON.stringify(turns)).not.toMatch(/secret-value-123|xoxm_at_A/);
    expect(findLeaks([], [{ where: 'x', text: 'nothing here, lin_mock_at_ is too short' }])).toEqual([]);
  });
});
