/** Type guards shared across the codebase. */

/** A plain object (not null, not an array): safe to read fields from. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
