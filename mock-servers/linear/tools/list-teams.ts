/** `list_teams`: the workspace's teams with their issue counts. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { withScope } from '../../shared/scopes.js';
import { okResult, READ_ONLY_ANNOTATIONS } from '../../shared/tool-helpers.js';
import { LINEAR_TOOL_SCOPES } from '../scopes.js';
import type { LinearStore } from '../store.js';

export const ListTeamsInput = z.object({});

export function registerListTeams(server: McpServer, store: LinearStore): void {
  server.registerTool(
    'list_teams',
    {
      title: 'List teams',
      description:
        'List the Linear teams (key, name, description, number of open issues). Use the key when creating issues.',
      inputSchema: ListTeamsInput,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    withScope(LINEAR_TOOL_SCOPES, 'list_teams', () => {
      const open = (team: string) =>
        store.list({ team }).filter((i) => i.state !== 'Done' && i.state !== 'Canceled').length;
      const teams = store.teams.map((t) => ({ ...t, open_issues: open(t.key) }));
      const text = teams.map((t) => `${t.key} - ${t.name}: ${t.description} (${t.open_issues} open issues)`).join('\n');
      return okResult(text, { teams });
    }),
  );
}
