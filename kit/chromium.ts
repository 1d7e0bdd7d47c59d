/**
 * Debian's Chromium for the browser tests and the bench's page-load figures: where it is and the flags
 * that keep it quiet and offline-friendly (no QUIC, no background fetches, no first-run work).
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The executable path, or a clear error that says how to install it. */
export function chromiumPath(): string {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return CHROMIUM_PATH;
}
