/**
 * The documented behaviors (shared/SEED_BEHAVIORS.md, from the product document), one sentence
 * each, so the viewer can say what a behavior ID on a scenario means.
 */
export const BEHAVIORS: Readonly<Record<string, string>> = {
  B1: 'With In-Chat Authentication enabled on a navigator instance, its MCP server exposes a tool named get_authentication_link; with it disabled, the tool is absent from tools/list and a call to it fails with a clear MCP error.',
  B2: 'The tool reports the current user\'s status as exactly one of authentication_needed, fully_authenticated, no_auth_required. "Current user" is the user the MCP session belongs to; two users on the same instance get their own answers.',
  B3: 'authentication_needed carries the authentication link and the names of the user-level servers this user has not authenticated with.',
  B4: 'fully_authenticated when the user holds valid credentials for every user-level server of the project.',
  B5: 'no_auth_required when the project has no user-level servers (all project-level or no auth).',
  B6: 'In-Chat Authentication can only be switched on when the project has at least one user-level server; the settings API and page refuse otherwise, with the reason.',
  B7: 'Removing the last user-level server from a project switches In-Chat Authentication off on every navigator instance of that project.',
  B8: 'Enabling creates one default authentication link for the project. It covers all user-level servers, never expires, and follows servers as they are added or removed, without being re-created.',
  B9: "Opening the link shows a guided flow: the user signs in, sees the servers still to connect, connects each one through that server's own authorization (OAuth) page, and sees when all are done.",
  B10: 'Calling the tool again after the user finished reflects the latest state: the unauthenticated list shrinks, and becomes fully_authenticated when none is left. Partial completion is reported as such.',
  B11: "The list of available servers in the agent's tool descriptions names only servers usable by this user at session start (authenticated user-level servers, plus project-level and no-auth servers).",
  B12: "After the user authenticates mid-conversation, the newly connected servers' tools can be executed in the same MCP session at once.",
  B13: '... but the tool descriptions of that session keep their start-of-session list; a new session lists the new servers.',
  B14: 'The instance settings page shows the In-Chat Authentication toggle, and next to it a link icon that opens the authentication page as users see it (preview).',
  B15: 'Project-level servers use shared credentials: they never appear in the link or in the unauthenticated list, and their tools work for every user.',
  B16: 'Credentials that expire or are revoked turn that server back into "not authenticated" for that user, so the tool is a fallback for expired credentials.',
  B17: 'The documented conversation: asked to read Slack and create a Linear issue by a user connected to neither, the agent first checks status, shares the link naming both servers, waits, re-checks after the user says they are done, then reads Slack and creates the Linear issue.',
  B18: 'The four situations of the document\'s "When to enable" table each have a scenario showing the recommended setting\'s effect (users not yet authenticated; all project-level; always pre-authenticated with expired-credential fallback; controlled environment with the feature off).',
};

/** The sentence for a behavior ID, or a note that the ID is not a documented one. */
export function behaviorSentence(id: string): string {
  return BEHAVIORS[id] ?? 'Not one of the documented behaviors.';
}
