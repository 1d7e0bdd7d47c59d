/** Which failed tool results become an elicitation Connect card: only well-formed ones on the navigator's origin. */
import { describe, expect, it } from 'vitest';
import { ELICITATION_META_KEY } from '../../../server/shared/elicitation.js';
import { elicitationFromToolOutput } from './elicitation.js';

const NAV = 'http://127.0.0.1:3100';
const result = (card: unknown, isError = true) => ({
  content: [{ type: 'text', text: 'Connect your Slack account to continue.' }],
  isError,
  _meta: { [ELICITATION_META_KEY]: card },
});
const card = (url: string) => ({ elicitation_id: 'e-1', url, message: 'Connect your Slack account to continue.' });

describe('elicitationFromToolOutput', () => {
  it('takes an isError result whose elicitation URL is on the navigator origin', () => {
    expect(elicitationFromToolOutput(result(card(`${NAV}/auth?elicitation_id=e-1`)), NAV)).toEqual(
      card(`${NAV}/auth?elicitation_id=e-1`),
    );
  });

  it('refuses other origins, look-alikes, other schemes, successful results, malformed cards and an unknown origin', () => {
    for (const url of [
      'https://evil.example/auth?elicitation_id=e-1',
      'http://127.0.0.1:3101/auth?elicitation_id=e-1',
      'http://127.0.0.1:3100.evil.example/auth',
      'javascript:alert(1)//127.0.0.1:3100',
    ]) {
      expect(elicitationFromToolOutput(result(card(url)), NAV)).toBeUndefined();
    }
    expect(elicitationFromToolOutput(result(card(`${NAV}/auth?elicitation_id=e-1`), false), NAV)).toBeUndefined();
    expect(elicitationFromToolOutput(result({ url: `${NAV}/auth` }), NAV)).toBeUndefined();
    expect(elicitationFromToolOutput(result(card(`${NAV}/auth?elicitation_id=e-1`)), null)).toBeUndefined();
    expect(elicitationFromToolOutput('text', NAV)).toBeUndefined();
  });
});
