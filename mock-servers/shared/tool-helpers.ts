/**
 * Small helpers for mock tools: the calling account (from the verified token on each request) and
 * result shapes (readable text plus structuredContent; failures as isError results a model can act on).
 */
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Account } from './types.js';

/** The account a tool call acts as. The /mcp middleware always sets it, so a miss is a wiring bug. */
export function accountOf(extra: { authInfo?: AuthInfo }): Account {
  const parsed = Account.safeParse(extra.authInfo?.extra?.account);
  if (!parsed.success) throw new Error('No signed-in account on this request');
  return parsed.data;
}

/** The annotations of a tool that only reads the mock's own data. */
export const READ_ONLY_ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;

export function okResult(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

export function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

/** Compact local time stamp for readable listings, e.g. `2025-11-03 09:14`. */
export function shortTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
