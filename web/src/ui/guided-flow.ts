/**
 * Opens the navigator's guided flow in a popup and reports when the person is back: the popup
 * closed, or it posted `navigator-auth-complete`. Only a message from that popup and from the
 * flow's own origin counts. The URL must be the navigator's (it comes from the app server).
 */
import { isAuthCompleteMessage } from '../chat/tool-parts.js';

/** Returns a function that stops watching, or null when the popup was blocked (let the link open a tab). */
export function openGuidedFlow(url: string, onReturn: () => void): (() => void) | null {
  const popup = window.open(url, 'navigator-auth', 'popup=yes,width=560,height=760');
  if (!popup) return null;
  popup.focus();
  const origin = new URL(url, window.location.href).origin;
  const stop = () => {
    window.clearInterval(timer);
    window.removeEventListener('message', onMessage);
  };
  const back = () => {
    stop();
    onReturn();
  };
  function onMessage(event: MessageEvent<unknown>) {
    if (event.origin === origin && event.source === popup && isAuthCompleteMessage(event.data)) back();
  }
  window.addEventListener('message', onMessage);
  const timer = window.setInterval(() => {
    if (popup.closed) back();
  }, 500);
  return stop;
}
