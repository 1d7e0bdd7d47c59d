import { describe, expect, it } from 'vitest';
import { describeChatError } from './chat-errors.js';

describe('describeChatError', () => {
  it('uses the server message from a JSON error body', () => {
    const view = describeChatError(
      new Error(JSON.stringify({ error: { code: 'bad_gateway', message: 'The navigator did not answer' } })),
    );
    expect(view.kind).toBe('navigator');
    expect(view.detail).toBe('The navigator did not answer');
  });
  it('recognises network, session and model failures', () => {
    expect(describeChatError(new TypeError('Failed to fetch')).kind).toBe('network');
    expect(
      describeChatError(new Error(JSON.stringify({ error: { code: 'unauthorized', message: 'Sign in first' } }))).kind,
    ).toBe('session');
    expect(describeChatError(new Error('OpenAI API key is missing')).kind).toBe('model');
    expect(describeChatError(new Error('boom')).kind).toBe('other');
    expect(describeChatError(new Error('Could not reach the model provider: fetch failed')).kind).toBe('model');
    expect(
      describeChatError(new Error('Could not open the navigator session, so I have no tools right now: fetch failed'))
        .kind,
    ).toBe('navigator');
  });
  it('says to delete an old conversation when the per-user cap refuses a new one (429)', () => {
    const view = describeChatError(
      new Error(
        JSON.stringify({
          error: {
            code: 'too_many_requests',
            message: 'You already keep 200 conversations, the most one user can have.',
          },
        }),
      ),
    );
    expect(view.title).toBe('Too many conversations');
    expect(view.next).toContain('Delete a conversation');
  });
  it('always says what to do next', () => {
    for (const msg of ['Failed to fetch', 'navigator down', 'model error', 'x']) {
      expect(describeChatError(new Error(msg)).next.length).toBeGreaterThan(10);
    }
  });
});

describe('describeChatError by code', () => {
  it("classifies the agent's failures by their code, whatever the wording", () => {
    // The text says "model" and "navigator"; only the code decides.
    expect(describeChatError(new Error('The navigator failed: model mismatch'), 'model_unavailable').kind).toBe(
      'model',
    );
    expect(describeChatError(new Error('The model provider had an internal error'), 'navigator_unavailable').kind).toBe(
      'navigator',
    );
    expect(describeChatError(new Error('Could not reach the navigator: fetch failed'), 'internal').kind).toBe('other');
    const body = (code: string, message: string) => new Error(JSON.stringify({ error: { code, message } }));
    expect(describeChatError(body('unauthorized', 'Your session expired')).kind).toBe('session');
    expect(describeChatError(body('bad_request', 'Send the AI SDK chat request: {"model"?: "..."}')).kind).toBe(
      'other',
    );
    expect(
      describeChatError(body('forbidden', 'This conversation belongs to another user; the navigator says no')).kind,
    ).toBe('other');
    expect(describeChatError(body('too_many_requests', 'Slow down')).title).toBe('Too many conversations');
  });
  it('keeps the message as the detail', () => {
    const view = describeChatError(
      new Error('Could not open the navigator session, so I have no tools right now.'),
      'navigator_unavailable',
    );
    expect(view.detail).toBe('Could not open the navigator session, so I have no tools right now.');
    expect(view.title).toBe('The navigator had a problem');
  });
});
