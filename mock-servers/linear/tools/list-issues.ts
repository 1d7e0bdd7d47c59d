/** `list_issues`: search and filter issues; `assignee: "me"` is the signed-in account. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { withScope } from '../../shared/scopes.js';
import { accountOf, errorResult, okResult, READ_ONLY_ANNOTATIONS } from '../../shared/tool-helpers.js';
import { STATES } from '../seed.js';
import { LINEAR_TOOL_SCOPES } from '../scopes.js';
import type { LinearStore } from '../store.js';
import { issueData, issueLine } from './format.js';

export const ListIssuesInput = z.object({
  query: z.string().max(200).optional().describe('Words to find in the id, title, description or labels'),
  team: z.string().max(100).optional().describe('Team key (ENG, DES, OPS) or name'),
  state: z
    .string()
    .max(50)
    .optional()
    .describe(`Workflow state: ${STATES.join(', ')}`),
  assignee: z
    .string()
    .max(100)
    .optional()
    .describe('"me" for your own issues, a person\'s handle (e.g. "dana"), or "unassigned"'),
  limit: z.number().int().min(1).max(100).optional().describe('Maximum issues to return (default 25)'),
});

export function registerListIssues(server: McpServer, store: LinearStore): void {
  server.registerTool(
    'list_issues',
    {
      title: 'List issues',
      description:
        'List Linear issues, optionally filtered by text, team, state and assignee ("me" = you). Most urgent first.',
      inputSchema: ListIssuesInput,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    withScope(LINEAR_TOOL_SCOPES, 'list_issues', ({ query, team, state, assignee, limit }, extra) => {
      if (team !== undefined && !store.findTeam(team)) {
        return errorResult(
          `Team "${team}" not found. Teams: ${store.teams.map((t) => `${t.key} (${t.name})`).join(', ')}.`,
        );
      }
      if (state !== undefined && !store.findState(state)) {
        return errorResult(`Unknown state "${state}". States: ${STATES.join(', ')}.`);
      }
      const who = assignee?.trim().toLowerCase() === 'me' ? accountOf(extra) : assignee;
      const all = store.list({ query, team, state, assignee: who });
      const issues = all.slice(0, limit ?? 25);
      const text = issues.length
        ? `${all.length} issue(s)${all.length > issues.length ? `, showing ${issues.length}` : ''}:\n${issues.map((i) => issueLine(store, i)).join('\n')}`
        : 'No issues match these filters.';
      return okResult(text, { total: all.length, issues: issues.map((i) => issueData(store, i)) });
    }),
  );
}
