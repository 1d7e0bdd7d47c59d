/** `update_issue_state`: moves an issue to another workflow state, recorded with who moved it. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { withScope } from '../../shared/scopes.js';
import { accountOf, errorResult, okResult } from '../../shared/tool-helpers.js';
import { STATES } from '../seed.js';
import { LINEAR_TOOL_SCOPES } from '../scopes.js';
import type { LinearStore } from '../store.js';
import { issueData } from './format.js';

export const UpdateIssueStateInput = z.object({
  id: z.string().min(1).max(20).describe('Issue identifier, e.g. "ENG-12"'),
  state: z.enum(STATES).describe('New workflow state'),
});

export function registerUpdateIssueState(server: McpServer, store: LinearStore): void {
  server.registerTool(
    'update_issue_state',
    {
      title: 'Update issue state',
      description: `Move a Linear issue to another workflow state (${STATES.join(', ')}).`,
      inputSchema: UpdateIssueStateInput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    withScope(LINEAR_TOOL_SCOPES, 'update_issue_state', ({ id, state }, extra) => {
      const issue = store.getIssue(id);
      if (!issue)
        return errorResult(`Issue "${id}" not found; nothing was changed. Use list_issues to find the identifier.`);
      const change = store.setState(issue, state, accountOf(extra));
      const text =
        change.from === change.to
          ? `${issue.id} was already ${state}.`
          : `${issue.id} moved from ${change.from} to ${change.to}.`;
      return okResult(text, { issue: issueData(store, issue), from: change.from, to: change.to });
    }),
  );
}
