import { describe, expect, it } from 'vitest';
import { ServerConnectionState } from '../../../server/shared/contracts.js';
import { stateView } from './server-states.js';

describe('stateView', () => {
  it('has a label and a hint for every state the navigator reports', () => {
    for (const state of ServerConnectionState.options) {
      const view = stateView(state);
      expect(view.label).not.toBe('Unavailable');
      expect(view.hint.length).toBeGreaterThan(0);
    }
    expect(stateView('project')).toMatchObject({ label: 'Project-level', tone: 'info' });
    expect(stateView('expired')).toMatchObject({ label: 'Expired, reconnect', tone: 'warn' });
  });

  it('reads an unknown or missing state as unavailable', () => {
    expect(stateView(undefined).label).toBe('Unavailable');
    expect(stateView('something-new').tone).toBe('muted');
  });
});
