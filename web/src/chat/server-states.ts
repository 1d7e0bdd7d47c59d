/** Labels, tones and one-line hints for a server's per-user connection state in the side panel. */
export interface StateView {
  label: string;
  tone: 'ok' | 'warn' | 'info' | 'muted';
  /** What the state means for the person, in a few words. */
  hint: string;
}

const STATES: Record<string, StateView> = {
  connected: { label: 'Connected', tone: 'ok', hint: 'Your own account' },
  needs_connecting: { label: 'Needs connecting', tone: 'warn', hint: 'Ask the assistant for a link' },
  expired: { label: 'Expired, reconnect', tone: 'warn', hint: 'The connection stopped working; connect again' },
  project: { label: 'Project-level', tone: 'info', hint: 'Shared by the project: nothing to connect' },
  no_auth: { label: 'No sign-in needed', tone: 'info', hint: 'Open to everyone' },
};

/** Any state the page does not know (or a status it could not load) reads as unavailable. */
export function stateView(state: string | undefined): StateView {
  return (state && STATES[state]) || { label: 'Unavailable', tone: 'muted', hint: 'Status could not be loaded' };
}
