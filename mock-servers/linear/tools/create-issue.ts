/** `create_issue`: a new issue in a team, created by the signed-in account. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { withScope } from '../../shared/scopes.js';
import { accountOf, errorResult, okResult } from '../../shared/tool-helpers.js';
import { LINEAR_TOOL_SCOPES } from '../scopes.js';
import type { MockSite } from '../../shared/types.js';
import { issueUrl } from '../page.js';
import type { LinearStore } from '../store.js';
import { issueData, issueDetails } from './format.js';

const PRIORITY_BY_NAME = { none: 0, urgent: 1, high: 2, medium: 3, low: 4 } as const;

export const CreateIssueInput = z.object({
  team: z.string().min(1).max(100).describe('Team key (ENG, DES, OPS) or name'),
  title: z.string().min(1).max(300).describe('Issue title'),
  description: z.string().max(10_000).optional().describe('Markdown description'),
  priority: z
    .union([z.number().int().min(0).max(4), z.enum(['urgent', 'high', 'medium', 'low', 'none'])])
    .optional()
    .describe('0 none, 1 urgent, 2 high, 3 medium, 4 low; or the name'),
  assignee: z.string().max(100).optional().describe('"me" (you), a person\'s handle, or omit for unassigned'),
});

export function registerCreateIssue(server: McpServer, store: LinearStore, site: MockSite): void {
  server.registerTool(
    'create_issue',
    {
      title: 'Create issue',
      description: 'Create a Linear issue in a team (state Todo). You are recorded as its creator.',
      inputSchema: CreateIssueInput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    withScope(LINEAR_TOOL_SCOPES, 'create_issue', ({ team, title, description, priority, assignee }, extra) => {
      const account = accountOf(extra);
      const found = store.findTeam(team);
      if (!found)
        return errorResult(
          `Team "${team}" not found; no issue was created. Teams: ${store.teams.map((t) => t.key).join(', ')}.`,
        );
      let who: string | null = null;
      if (assignee !== undefined && assignee.trim() !== '') {
        const handle = assignee.trim().replace(/^@/, '').toLowerCase();
        who = handle === 'me' ? account : handle;
        if (!store.isPerson(who))
          return errorResult(`Unknown assignee "${assignee}"; no issue was created. Use "me" or a handle like "dana".`);
      }
      const issue = store.create({
        team: found,
        title,
        description,
        priority: typeof priority === 'string' ? PRIORITY_BY_NAME[priority] : (priority ?? 0),
        assignee: who,
        creator: account,
      });
      // `url`: the issue on the mock's page, as Linear's API gives an issue's URL, so the chat can link to it.
      return okResult(`Created ${issue.id}.\n${issueDetails(store, issue)}`, {
        issue: { ...issueData(store, issue), url: issueUrl(site.baseUrl, issue.id) },
      });
    }),
  );
}
