/**
 * Namespacing of downstream tools in the navigator: server `slack` + tool `post_message`
 * becomes `slack__post_message`, and back. Server names are lower-case slugs without `__`.
 */
export const NAMESPACE_SEPARATOR = '__';
export const SERVER_NAME_PATTERN = /^[a-z][a-z0-9-]{0,30}$/;

export function namespacedToolName(server: string, tool: string): string {
  return `${server}${NAMESPACE_SEPARATOR}${tool}`;
}

/** Splits `slack__post_message` into its server and tool; undefined when the name is not namespaced. */
export function parseToolName(name: string): { server: string; tool: string } | undefined {
  const i = name.indexOf(NAMESPACE_SEPARATOR);
  if (i <= 0) return undefined;
  const server = name.slice(0, i);
  const tool = name.slice(i + NAMESPACE_SEPARATOR.length);
  if (!SERVER_NAME_PATTERN.test(server) || tool.length === 0) return undefined;
  return { server, tool };
}
