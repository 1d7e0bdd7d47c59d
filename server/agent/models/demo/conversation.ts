/**
 * Turns the AI SDK's model prompt into the little the demo model needs: the user's messages and the
 * tool calls (with their results) made since the last user message. Tool results arrive in several
 * shapes (MCP content parts, JSON, error text); they are normalized to text + parsed JSON + isError.
 */
import type { LanguageModelV3Prompt, LanguageModelV3ToolResultOutput } from '@ai-sdk/provider';
import { isRecord } from '../../../shared/guards.js';
import { mcpContentTexts } from '../../../shared/mcp-result.js';
import { failureCodeOf } from '../../../shared/contracts.js';

export interface ToolOutput {
  isError: boolean;
  text: string;
  /** The result parsed as JSON when it is JSON (or MCP structuredContent), else undefined. */
  json: unknown;
}

export interface ToolExchange {
  toolCallId: string;
  toolName: string;
  input: unknown;
  output: ToolOutput | undefined;
}

export interface ConversationView {
  /** Text of every user message, oldest first; the last one is the message being answered. */
  userTexts: string[];
  /** Tool calls and results since the last user message, in call order. */
  turn: ToolExchange[];
  /** Tool exchanges that followed each user message (parallel to userTexts). */
  turns: ToolExchange[][];
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Normalizes one tool result, whichever way the SDK or the MCP client shaped it. */
export function normalizeOutput(output: LanguageModelV3ToolResultOutput): ToolOutput {
  switch (output.type) {
    case 'text':
      return { isError: false, text: output.value, json: tryJson(output.value) };
    case 'error-text':
      return { isError: true, text: output.value, json: tryJson(output.value) };
    case 'error-json': {
      // The agent sends a navigator failure as { code, message }: the message is the text, the code is in the JSON.
      const v = output.value;
      const text = isRecord(v) && typeof v.message === 'string' ? v.message : JSON.stringify(v);
      return { isError: true, text, json: v };
    }
    case 'execution-denied':
      return { isError: true, text: output.reason ?? 'The tool call was denied.', json: undefined };
    case 'content': {
      // The agent sends MCP results as [human text, structuredContent JSON]; a JSON part is the data.
      const texts = output.value.flatMap((p) => (p.type === 'text' ? [p.text] : []));
      const parsed = texts.map(tryJson);
      const dataAt = parsed.findLastIndex((v) => typeof v === 'object' && v !== null);
      const prose = texts.filter((_, i) => i !== dataAt);
      const text = (prose.length > 0 ? prose : texts).join('\n');
      return { isError: false, text, json: dataAt >= 0 ? parsed[dataAt] : tryJson(text) };
    }
    case 'json': {
      const v = output.value;
      // A raw MCP CallToolResult (e.g. from an earlier turn replayed without the tool definitions).
      if (isRecord(v) && Array.isArray(v.content)) {
        const text = mcpContentTexts(v.content)
          .filter((t) => t.length > 0)
          .join('\n');
        const code = v.isError === true ? failureCodeOf(v) : undefined;
        return {
          isError: v.isError === true,
          text,
          json: code ? { code, message: text } : (v.structuredContent ?? tryJson(text)),
        };
      }
      return { isError: false, text: JSON.stringify(v), json: v };
    }
  }
}

/** Reads the prompt into a ConversationView. */
export function readConversation(prompt: LanguageModelV3Prompt): ConversationView {
  const userTexts: string[] = [];
  const turns: ToolExchange[][] = [];
  let turn: ToolExchange[] = [];
  const byId = new Map<string, ToolExchange>();
  for (const message of prompt) {
    if (message.role === 'user') {
      userTexts.push(
        message.content
          .map((p) => (p.type === 'text' ? p.text : ''))
          .join(' ')
          .trim(),
      );
      turn = [];
      turns.push(turn);
      byId.clear();
    } else if (message.role === 'assistant' || message.role === 'tool') {
      for (const part of message.content) {
        if (part.type === 'tool-call') {
          const ex: ToolExchange = {
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            input: part.input,
            output: undefined,
          };
          byId.set(part.toolCallId, ex);
          turn.push(ex);
        } else if (part.type === 'tool-result') {
          const ex = byId.get(part.toolCallId);
          if (ex) ex.output = normalizeOutput(part.output);
        }
      }
    }
  }
  return { userTexts, turn, turns };
}
