/**
 * The one pattern for a navigator auth link in free text (`https://host/auth?auth_link_id=<id>`).
 * Ids are url-safe base64 (`randomToken`), so the id's class stops at sentence punctuation; the host
 * part stops at quotes, brackets and backslashes so a link inside JSON text is found whole.
 */
const AUTH_LINK = /https?:\/\/[^\s"'\\)<>]+\/auth\?auth_link_id=[A-Za-z0-9_-]+/g;

/** Every auth link in `text`, in order. */
export function authLinksIn(text: string): string[] {
  return text.match(AUTH_LINK) ?? [];
}

/** `text` with every auth link replaced by `by`. */
export function replaceAuthLinks(text: string, by: string): string {
  return text.replace(AUTH_LINK, by);
}
