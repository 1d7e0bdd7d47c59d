/**
 * The navigator's public origin, as the app server says (`GET /api/session`): the only origin whose
 * links become Connect cards and whose windows may tell the page the guided flow is done. Fetched
 * once per page load and shared; null while unknown or signed out (then no cards, only plain links).
 */
import { useEffect, useState } from 'react';
import { getSessionInfo } from '../api.js';

let cached: Promise<string | null> | undefined;

function load(): Promise<string | null> {
  cached ??= getSessionInfo()
    .then((s) => s?.navigator_origin ?? null)
    .catch(() => null)
    .then((origin) => {
      // Signed out or failed: ask again next time (after sign-in) instead of keeping null.
      if (origin === null) cached = undefined;
      return origin;
    });
  return cached;
}

export function useNavigatorOrigin(): string | null {
  const [origin, setOrigin] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((o) => {
      if (live) setOrigin(o);
    });
    return () => {
      live = false;
    };
  }, []);
  return origin;
}
