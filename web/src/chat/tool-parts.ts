/**
 * Pure helpers that turn the agent's tool parts into what the chat page shows: which server a
 * navigator tool belongs to, the readable payload of an MCP tool result, and the authentication
 * link (from `get_authentication_link` results or from the assistant's own text).
 */
import { AUTH_TOOL_NAME, AuthLinkResult, CALL_TOOL_TOOL_NAME, LIST_TOOLS_TOOL_NAME } from '../../../server/shared/contracts.js';
import { parseToolName } from '../../../server/shared/tool-names.js';

export interface ToolLabel {
  tool: string;
  /** Server slug the call goes to; `navigator` for the gateway's own tools. */
  server: string;
}

function stringField(input: unknown, key: string): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const value: unknown = (input as Record<string, unknown>)[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Splits a navigator tool name (`slack__read_channel`, `call_server_tool {server, tool}`) into server and tool. */
export function toolLabel(toolName: string, input: unknown): ToolLabel {
  const namespaced = parseToolName(toolName);
  if (namespaced) return { server: namespaced.server, tool: namespaced.tool };
  if (toolName === CALL_TOOL_TOOL_NAME) {
    const server = stringField(input, 'server');
    const tool = stringField(input, 'tool');
    if (server && tool) return { server, tool };
  }
  if (toolName === LIST_TOOLS_TOOL_NAME) {
    const server = stringField(input, 'server');
    if (server) return { server, tool: toolName };
  }
  return { server: 'navigator', tool: toolName };
}

/** True when an MCP tool result says it failed (`isError: true`). */
export function isErrorResult(output: unknown): boolean {
  return typeof output === 'object' && output !== null && (output as Record<string, unknown>)['isError'] === true;
}

/**
 * The meaningful part of an MCP tool result: its structuredContent, else its text content parsed
 * as JSON when it is JSON, else the joined text. Other values pass through unchanged.
 */
export function toolResultPayload(output: unknown): unknown {
  if (typeof output !== 'object' || output === null) return output;
  const record = output as Record<string, unknown>;
  if (record['structuredContent'] !== undefined) return record['structuredContent'];
  const content = record['content'];
  if (!Array.isArray(content)) return output;
  const texts = content.flatMap((c: unknown) => {
    const text = stringField(c, 'text');
    return text === undefined ? [] : [text];
  });
  if (texts.length === 0) return output;
  const joined = texts.join('\n');
  try {
    return JSON.parse(joined) as unknown;
  } catch {
    return joined;
  }
}

export interface AuthLinkInfo {
  url: string;
  /** Display names of the servers still to connect (may be empty when unknown). */
  servers: string[];
}

/** The auth link from a `get_authentication_link` result that says authentication is needed. */
export function authLinkFromToolResult(toolName: string, output: unknown): AuthLinkInfo | undefined {
  if (toolName !== AUTH_TOOL_NAME) return undefined;
  const parsed = AuthLinkResult.safeParse(toolResultPayload(output));
  if (!parsed.success) return undefined;
  const result = parsed.data;
  if (result.status !== 'authentication_needed' || !result.auth_link) return undefined;
  const displayName = (slug: string) => result.servers.find((s) => s.name === slug)?.display_name ?? slug;
  return { url: result.auth_link, servers: result.unauthenticated_servers.map(displayName) };
}

const AUTH_LINK_IN_TEXT = /https?:\/\/[^\s<>"'()[\]]+\/auth\?auth_link_id=[A-Za-z0-9._~%-]+/g;

/** Auth links (the navigator's `/auth?auth_link_id=` URLs) written in the assistant's text, deduplicated. */
export function authLinksInText(text: string): string[] {
  // A sentence may end right after the link: a trailing dot or tilde is punctuation, not part of the id.
  const links = (text.match(AUTH_LINK_IN_TEXT) ?? []).map((url) => url.replace(/[.~]+$/, ''));
  return [...new Set(links)];
}

/** "Slack", "Slack and Linear", "Slack, Linear and GitHub". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/** The Connect button's label: names the servers when known. */
export function connectLabel(servers: readonly string[]): string {
  return servers.length > 0 ? `Connect ${joinNames(servers)}` : 'Connect your accounts';
}

/** True for the guided flow's `postMessage({ type: 'navigator-auth-complete' })` to its opener. */
export function isAuthCompleteMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)['type'] === 'navigator-auth-complete';
}

/**
 * True when a Connect card's servers are all connected now: none of them is still pending (or, for
 * a card that does not know its servers, nothing is pending). False while the status is unknown.
 */
export function connectDone(servers: readonly string[], pending: readonly string[] | null): boolean {
  if (pending === null) return false;
  return servers.length > 0 ? servers.every((s) => !pending.includes(s)) : pending.length === 0;
}
