/**
 * Small text helpers shared by the servers, the mocks and the web app (one copy each).
 */

/** Joins display names as "Slack", "Slack and Linear", "Slack, Linear and Jira". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}
