// The demo planner classifies the navigator's own failures by their stable code (contracts.ts
// FailureCode), never by their wording; prose is read only for third-party servers' errors.
import { describe, expect, it } from 'vitest';
import { FAILURE_CODE_META, type FailureCode } from '../../../shared/contracts.js';
import { normalizeOutput, type ToolOutput } from './conversation.js';
import { classifyFailure } from './failures.js';

/** A navigator failure as the agent hands it to the model: `error-json` { code, message }. */
const own = (code: FailureCode, message: string): ToolOutput =>
  normalizeOutput({ type: 'error-json', value: { code, message } });
/** A third-party error: text only. */
const prose = (text: string): ToolOutput => normalizeOutput({ type: 'error-text', value: text });

describe('classifyFailure', () => {
  it('maps each navigator code to what the user is told', () => {
    expect(classifyFailure(own('not_connected', 'x'))).toBe('not_connected');
    expect(classifyFailure(own('expired', 'x'))).toBe('expired');
    expect(classifyFailure(own('shared_not_connected', 'x'))).toBe('admin');
    expect(classifyFailure(own('shared_expired', 'x'))).toBe('admin');
    expect(classifyFailure(own('server_unavailable', 'x'))).toBe('unavailable');
    expect(classifyFailure(own('session_gone', 'x'))).toBe('unavailable');
    expect(classifyFailure(own('unknown_server', 'x'))).toBe('downstream');
    expect(classifyFailure(own('bad_arguments', 'x'))).toBe('downstream');
  });

  it('follows the code, not the wording, of the navigator own errors', () => {
    // Each message says something else than its code: the code decides.
    expect(classifyFailure(own('not_connected', "The user's Slack connection expired or was revoked."))).toBe(
      'not_connected',
    );
    expect(classifyFailure(own('expired', 'The user has not connected Slack yet.'))).toBe('expired');
    expect(classifyFailure(own('shared_expired', 'Slack is unavailable right now.'))).toBe('admin');
    expect(
      classifyFailure(
        own('server_unavailable', 'Slack has no shared credential yet; a project administrator has to connect it.'),
      ),
    ).toBe('unavailable');
    // A reworded navigator message still classifies, because the code carries the meaning.
    expect(classifyFailure(own('not_connected', 'Slack: please link an account first.'))).toBe('not_connected');
  });

  it('keeps the text as the message the user may be shown', () => {
    expect(own('downstream_error', 'Slack returned an error: channel_not_found').text).toBe(
      'Slack returned an error: channel_not_found',
    );
  });

  it("reads a relayed downstream error's own prose (third-party text)", () => {
    expect(classifyFailure(own('downstream_error', 'Slack returned an error: missing_scope'))).toBe('scope');
    expect(classifyFailure(own('downstream_error', 'Slack returned an error: channel_not_found'))).toBe('downstream');
  });

  it('falls back to prose and third-party codes only for results without a navigator code', () => {
    expect(classifyFailure(prose('Your token expired.'))).toBe('expired');
    expect(classifyFailure(prose('The service is down, try again later.'))).toBe('unavailable');
    expect(classifyFailure(normalizeOutput({ type: 'error-json', value: { error: 'invalid_grant' } }))).toBe('expired');
  });

  it('finds the code in a raw MCP result replayed as JSON (`_meta`)', () => {
    const raw = {
      content: [{ type: 'text', text: 'The shared Slack credential expired or was revoked.' }],
      isError: true,
      _meta: { [FAILURE_CODE_META]: 'shared_expired' },
    };
    const out = normalizeOutput({ type: 'json', value: raw });
    expect(out.isError).toBe(true);
    expect(classifyFailure(out)).toBe('admin');
  });
});
