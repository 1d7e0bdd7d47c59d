/** Reading MCP CallToolResults (`{ content: [{ type: 'text', text }], structuredContent?, isError? }`). */
import { isRecord } from './guards.js';

/** The text parts of an MCP result's `content`, joined by newlines ('' when there are none). */
export function mcpResultText(result: unknown): string {
  if (!isRecord(result) || !Array.isArray(result.content)) return '';
  return mcpContentTexts(result.content).join('\n');
}

/** The `text` of each content part that has one, in order. */
export function mcpContentTexts(content: readonly unknown[]): string[] {
  return content.flatMap((p) => (isRecord(p) && typeof p.text === 'string' ? [p.text] : []));
}
