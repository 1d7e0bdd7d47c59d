/**
 * "Skip to content": to the message box on the chat page (the first thing a keyboard user wants
 * there), else to the page's main landmark.
 */
import type { MouseEvent } from 'react';
import { MESSAGE_BOX_ID } from './focus.js';

export function SkipLink() {
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    const target = document.getElementById(MESSAGE_BOX_ID) ?? document.getElementById('main');
    if (!target) return;
    event.preventDefault();
    if (target.id === 'main' && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  };
  return (
    <a className="skip-link" href="#main" onClick={skip}>
      Skip to content
    </a>
  );
}
