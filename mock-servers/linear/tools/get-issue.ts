/** `get_issue`: one issue in full by its identifier, e.g. ENG-12. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { withScope } from '../../shared/scopes.js';
import { errorResult, okResult, READ_ONLY_ANNOTATIONS } from '../../shared/tool-helpers.js';
import { LINEAR_TOOL_SCOPES } from '../scopes.js';
import type { LinearStore } from '../store.js';
import { issueData, issueDetails } from './format.js';

export const GetIssueInput = z.object({
  id: z.string().min(1).max(20).describe('Issue identifier, e.g. "ENG-12"'),
});

export function registerGetIssue(server: McpServer, store: LinearStore): void {
  server.registerTool(
    'get_issue',
    {
      title: 'Get issue',
      description: 'Get one Linear issue with its description, state, priority, assignee and creator.',
      inputSchema: GetIssueInput,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    withScope(LINEAR_TOOL_SCOPES, 'get_issue', ({ id }) => {
      const issue = store.getIssue(id);
      if (!issue)
        return errorResult(`Issue "${id}" not found. Identifiers look like ENG-12; use list_issues to search.`);
      return okResult(issueDetails(store, issue), { issue: issueData(store, issue) });
    }),
  );
}
