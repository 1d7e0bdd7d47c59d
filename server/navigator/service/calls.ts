/**
 * The call-as-user path: a session's tool list and tool calls on a downstream server, with the
 * credential its auth level picks (the user's own, the project's shared one, or none). The hot path:
 * no work beyond choosing the credential; the pool does the rest.
 */
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { DownstreamPool } from '../downstream/pool.js';
import { PROJECT_OWNER } from '../store/store.js';
import type { ServerRecord } from '../store/store.js';

export class UserCalls {
  constructor(private readonly pool: DownstreamPool) {}

  /** The server's tools as `userId` sees them (their own, the shared or no credential, by the server's level). */
  listToolsAs(userId: string, server: ServerRecord): Promise<Tool[]> {
    return this.pool.listTools(ownerFor(server, userId), server);
  }
  /** One proxied tool call as `userId`. */
  callToolAs(
    userId: string,
    server: ServerRecord,
    tool: string,
    args: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<CallToolResult> {
    return this.pool.callTool(ownerFor(server, userId), server, tool, args, signal);
  }
}

/** Whose credential a call on `server` uses: the user's, the project's shared one, or none. */
function ownerFor(server: ServerRecord, userId: string): string | undefined {
  return server.authLevel === 'user' ? userId : server.authLevel === 'project' ? PROJECT_OWNER : undefined;
}
