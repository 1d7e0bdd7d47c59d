/** Moving focus to an element that a state change is about to render (e.g. the message box after sign-in). */

export const MESSAGE_BOX_ID = 'composer-input';

function focusNow(id: string): boolean {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLElement)) return false;
  el.focus();
  return document.activeElement === el;
}

/** Focuses `#id` now or as soon as it appears; gives up after `timeoutMs` (the page went elsewhere). */
export function focusWhenShown(id: string, timeoutMs = 5_000): void {
  if (focusNow(id)) return;
  const observer = new MutationObserver(() => {
    if (focusNow(id)) {
      observer.disconnect();
      window.clearTimeout(timer);
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  const timer = window.setTimeout(() => observer.disconnect(), timeoutMs);
}
