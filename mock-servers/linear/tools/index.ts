/** Registers every mock Linear tool on an McpServer. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { MockSite } from '../../shared/types.js';
import type { LinearStore } from '../store.js';
import { registerCreateIssue } from './create-issue.js';
import { registerGetIssue } from './get-issue.js';
import { registerListIssues } from './list-issues.js';
import { registerListTeams } from './list-teams.js';
import { registerUpdateIssueState } from './update-issue-state.js';

export function registerLinearTools(server: McpServer, store: LinearStore, site: MockSite): void {
  registerListTeams(server, store);
  registerListIssues(server, store);
  registerGetIssue(server, store);
  registerCreateIssue(server, store, site);
  registerUpdateIssueState(server, store);
}
