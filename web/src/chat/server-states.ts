/** Labels and tones for a server's per-user connection state in the side panel. */
export interface StateView {
  label: string;
  tone: 'ok' | 'warn' | 'info' | 'muted';
}

const STATES: Record<string, StateView> = {
  connected: { label: 'Connected', tone: 'ok' },
  needs_connecting: { label: 'Needs connecting', tone: 'warn' },
  expired: { label: 'Expired, reconnect', tone: 'warn' },
  project: { label: 'Project-level', tone: 'info' },
  no_auth: { label: 'No sign-in needed', tone: 'info' },
};

/** Any state the page does not know (or a status it could not load) reads as unavailable. */
export function stateView(state: string | undefined): StateView {
  return (state && STATES[state]) || { label: 'Unavailable', tone: 'muted' };
}
