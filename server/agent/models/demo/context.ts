/**
 * What earlier turns left to refer to: the Slack messages last read ("post that to #random", "file a
 * ticket for it") and the issue last shown or created ("now close it"). Read from the real tool results
 * in the prompt, so a follow-up always points at data the user saw, never at something made up.
 */
import { AUTH_TOOL_NAME, CALL_TOOL_TOOL_NAME, LIST_TOOLS_TOOL_NAME } from '../../../shared/contracts.js';
import { parseToolName } from '../../../shared/tool-names.js';
import type { ToolExchange, ToolOutput } from './conversation.js';
import type { ParseContext } from './intent.js';
import { issues } from './render.js';

/** The downstream server and tool an exchange ran, whichever way it was called. */
export function downstreamOf(ex: ToolExchange): { server: string; tool: string } | undefined {
  if (ex.toolName === AUTH_TOOL_NAME || ex.toolName === LIST_TOOLS_TOOL_NAME) return undefined;
  if (ex.toolName === CALL_TOOL_TOOL_NAME) {
    const input = ex.input as { server?: unknown; tool?: unknown } | undefined;
    return typeof input?.server === 'string' && typeof input.tool === 'string'
      ? { server: input.server, tool: input.tool }
      : undefined;
  }
  return parseToolName(ex.toolName);
}

const SLACK_READS = new Set(['read_channel', 'read_direct_messages', 'search_messages']);

export interface Earlier extends ParseContext {
  /** Results of the Slack reads of the latest turn that read Slack. */
  reads: Array<{ tool: string; input: unknown; output: ToolOutput }>;
  /** The latest single-issue result (created, shown or moved). */
  issue?: { id: string; title?: string; url?: string };
}

/** What the turns before `upTo` (an index into view.turns) offer to refer to. */
export function earlier(turns: ToolExchange[][], upTo: number): Earlier {
  const out: Earlier = { readBefore: false, resultBefore: false, reads: [] };
  for (const turn of turns.slice(0, Math.max(0, upTo))) {
    const reads: Earlier['reads'] = [];
    for (const ex of turn) {
      const d = downstreamOf(ex);
      if (!d || !ex.output || ex.output.isError) continue;
      if (d.server === 'slack' && SLACK_READS.has(d.tool))
        reads.push({ tool: d.tool, input: ex.input, output: ex.output });
      if (d.server === 'linear' && d.tool !== 'list_issues' && d.tool !== 'list_teams') {
        const found = issues(ex.output);
        if (found.length === 1 && found[0]) out.issue = found[0];
      }
    }
    if (reads.length > 0) out.reads = reads;
  }
  out.readBefore = out.reads.length > 0;
  out.readDmsBefore = out.reads.some((r) => r.tool === 'read_direct_messages');
  out.resultBefore = out.readBefore || out.issue !== undefined;
  if (out.issue) out.lastIssue = out.issue.id;
  return out;
}
