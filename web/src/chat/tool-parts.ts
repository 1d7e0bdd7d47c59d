/**
 * Pure helpers that turn the agent's tool parts into what the chat page shows: which server a
 * navigator tool belongs to, the readable payload of an MCP tool result, and the Connect cards.
 *
 * Connect cards are a trust signal, so they come only from `CARD_SOURCES` (today: the navigator's
 * own `get_authentication_link` results) and only for links on the navigator's public origin. A
 * link the assistant merely writes (it may quote a Slack message) stays a plain link: a look-alike
 * `https://evil/auth?auth_link_id=...` never becomes a "Connect" button.
 */
import {
  AUTH_TOOL_NAME,
  AuthLinkResult,
  CALL_TOOL_TOOL_NAME,
  LIST_TOOLS_TOOL_NAME,
} from '../../../server/shared/contracts.js';
import { mcpContentTexts } from '../../../server/shared/mcp-result.js';
import { joinNames } from '../../../server/shared/text.js';
import { parseToolName } from '../../../server/shared/tool-names.js';
import { elicitationCard } from './elicitation.js';

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
  const texts = mcpContentTexts(content);
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

/** True when `url` is an http(s) URL on the navigator's public origin (`origin` as `scheme://host[:port]`). */
export function isOnOrigin(url: string, origin: string | null): boolean {
  if (!origin) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === origin;
  } catch {
    return false;
  }
}

/** A finished tool call as the card sources see it. */
export interface CardCall {
  toolName: string;
  state: string;
  output?: unknown;
  /** The error of a failed call (a source may read a structured refusal from it). */
  errorText?: string;
}

/** One way a tool call can yield a Connect card; it must only trust links on `navigatorOrigin`. */
export type CardSource = (call: CardCall, navigatorOrigin: string | null) => AuthLinkInfo | undefined;

/** The card from a `get_authentication_link` result, when its link is the navigator's. */
export const authLinkCard: CardSource = (call, navigatorOrigin) => {
  if (call.state !== 'output-available') return undefined;
  const link = authLinkFromToolResult(call.toolName, call.output);
  return link && isOnOrigin(link.url, navigatorOrigin) ? link : undefined;
};

/** Every source of Connect cards, in order; the first that answers wins. Add a source with one line here. */
export const CARD_SOURCES: CardSource[] = [authLinkCard, elicitationCard];

/** The Connect card for a tool call, or undefined (no card, or a link that is not the navigator's). */
export function connectCardFor(
  call: CardCall,
  navigatorOrigin: string | null,
  sources: readonly CardSource[] = CARD_SOURCES,
): AuthLinkInfo | undefined {
  for (const source of sources) {
    const card = source(call, navigatorOrigin);
    if (card && isOnOrigin(card.url, navigatorOrigin)) return card;
  }
  return undefined;
}

/** The Connect button's label: names the servers when known. */
export function connectLabel(servers: readonly string[]): string {
  return servers.length > 0 ? `Connect ${joinNames(servers)}` : 'Connect your accounts';
}

/** True for the guided flow's `postMessage({ type: 'navigator-auth-complete' })` to its opener. */
export function isAuthCompleteMessage(data: unknown): boolean {
  return (
    typeof data === 'object' && data !== null && (data as Record<string, unknown>)['type'] === 'navigator-auth-complete'
  );
}

/**
 * True when a Connect card's servers are all connected now: none of them is still pending (or, for
 * a card that does not know its servers, nothing is pending). False while the status is unknown.
 */
export function connectDone(servers: readonly string[], pending: readonly string[] | null): boolean {
  if (pending === null) return false;
  return servers.length > 0 ? servers.every((s) => !pending.includes(s)) : pending.length === 0;
}
