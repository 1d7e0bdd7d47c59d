/** Mock Linear's OAuth scopes (Linear's `read` / `write`) and the scope each tool needs. */

export const LINEAR_SCOPES: Record<string, string> = {
  read: 'Read teams and issues',
  write: 'Create issues and change their state on your behalf',
};

export const LINEAR_TOOL_SCOPES = {
  list_teams: 'read',
  list_issues: 'read',
  get_issue: 'read',
  create_issue: 'write',
  update_issue_state: 'write',
} as const;
