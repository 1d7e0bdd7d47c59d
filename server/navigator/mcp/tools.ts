/**
 * What a navigator MCP session offers: `get_authentication_link` (while In-Chat Authentication is on),
 * the downstream tools namespaced `{server}__{tool}` for servers usable at session start (B11, B13;
 * with the instance's live tool list on, usable now), and the generic `list_server_tools` /
 * `call_server_tool`. Every downstream name is resolved at call time, so servers connected
 * mid-session work at once (B12). A call to an unconnected user-level server from a client that
 * declared URL-mode elicitation is answered with `-32042` (UrlElicitationRequiredError).
 */
import { ErrorCode, McpError, UrlElicitationRequiredError } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import {
  AUTH_TOOL_NAME,
  AuthLinkResult,
  CALL_TOOL_TOOL_NAME,
  FAILURE_CODE_META,
  LIST_TOOLS_TOOL_NAME,
} from '../../shared/contracts.js';
import type { FailureCode } from '../../shared/contracts.js';
import { namespacedToolName, parseToolName } from '../../shared/tool-names.js';
import { sha256 } from '../crypto.js';
import { DownstreamFailure } from '../downstream/failure.js';
import { RequestCancelled } from '../downstream/rpc.js';
import type { Elicitations } from './elicitations.js';
import type { NavigatorService } from '../service.js';
import type { ServerRecord } from '../store/store.js';

/** The part of a session the tools need. */
export interface ToolSession {
  instanceId: string;
  projectId: string;
  userId: string;
  /** Servers usable at session start, frozen for the session's descriptions (B13); kept current with the live tool list. */
  startServers: readonly { name: string; displayName: string }[];
  /** The MCP session id, once known (elicitations are bound to it). */
  sessionId?: string;
  /** True when the session's client declared `capabilities.elicitation.url`. */
  urlElicitation?: () => boolean;
}

const outputSchemaBody = z.toJSONSchema(AuthLinkResult, { target: 'draft-7' });
/**
 * The `$id` (versioned by content) lets SDK clients compile this schema once: without one, the SDK's
 * Ajv compiles it again on every tools/list (about 3.7 ms, and its cache grows with every copy).
 */
const outputSchema = {
  $id: `urn:navigator:schema:auth-link-result:${sha256(JSON.stringify(outputSchemaBody)).toString('hex').slice(0, 16)}`,
  ...outputSchemaBody,
} as Tool['outputSchema'];
const emptyInput: Tool['inputSchema'] = { type: 'object', properties: {} };

export const AUTH_TOOL: Tool = {
  name: AUTH_TOOL_NAME,
  title: 'Get authentication link',
  description:
    'Checks whether the current user still has to connect any services. Returns status (authentication_needed, fully_authenticated or no_auth_required), an auth_link to share with the user when needed, and the unauthenticated_servers. Call it before using a service the user may not have connected, and again after the user says they finished.',
  inputSchema: emptyInput,
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false },
};

const ListArgs = z.object({ server: z.string().min(1).max(64) });
const CallArgs = z.object({
  server: z.string().min(1).max(64),
  tool: z.string().min(1).max(128),
  arguments: z.record(z.string(), z.unknown()).default({}),
});

function availableLine(servers: ToolSession['startServers']): string {
  return servers.length === 0
    ? 'Available MCP Servers: none yet.'
    : `Available MCP Servers: ${servers.map((s) => `${s.displayName} (${s.name})`).join(', ')}.`;
}

function genericTools(session: ToolSession): Tool[] {
  const available = availableLine(session.startServers);
  return [
    {
      name: LIST_TOOLS_TOOL_NAME,
      description: `Lists the tools of one connected MCP server. ${available} Servers the user connects later in this conversation work too.`,
      inputSchema: {
        type: 'object',
        properties: { server: { type: 'string', description: 'Server name, e.g. slack' } },
        required: ['server'],
      },
      annotations: { readOnlyHint: true },
    },
    {
      name: CALL_TOOL_TOOL_NAME,
      description: `Calls a tool of a connected MCP server with the user's own access. ${available} Servers the user connects later in this conversation work too.`,
      inputSchema: {
        type: 'object',
        properties: {
          server: { type: 'string', description: 'Server name, e.g. slack' },
          tool: { type: 'string', description: 'Tool name as list_server_tools shows it' },
          arguments: { type: 'object', description: "The tool's arguments", additionalProperties: true },
        },
        required: ['server', 'tool'],
      },
    },
  ];
}

function textResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }] };
}

/** A tool error result: the text is for the model, the stable code (in `_meta`) for programs (contracts.ts FailureCode). */
function errorResult(code: FailureCode, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true, _meta: { [FAILURE_CODE_META]: code } };
}

export class SessionTools {
  constructor(
    private readonly nav: NavigatorService,
    private readonly log: (line: string) => void,
    private readonly elicitations?: Elicitations,
  ) {}

  /** The servers usable by the session's user now, as the session records them. */
  usableNow(session: ToolSession): { name: string; displayName: string }[] {
    return this.nav
      .usableServers(session.userId, session.projectId)
      .map((s) => ({ name: s.name, displayName: s.displayName }));
  }

  async list(session: ToolSession): Promise<Tool[]> {
    const instance = this.nav.instance(session.instanceId);
    // Live tool list: what the user can use now (B11/B13 keep the start-of-session list otherwise).
    if (instance?.liveToolList) session.startServers = this.usableNow(session);
    const tools: Tool[] = instance?.inChatAuth ? [AUTH_TOOL] : [];
    tools.push(...genericTools(session));
    const lists = await Promise.all(
      session.startServers.map(async (s) => {
        const server = this.nav.server(session.projectId, s.name);
        if (!server) return [];
        try {
          const downstream = await this.nav.listToolsAs(session.userId, server);
          return downstream.map((t): Tool => ({
            ...t,
            name: namespacedToolName(server.name, t.name),
            description: `[${s.displayName}] ${t.description ?? t.name}`,
          }));
        } catch (err) {
          this.log(`tools of ${server.name} unavailable for listing: ${err instanceof Error ? err.message : 'error'}`);
          return [];
        }
      }),
    );
    for (const l of lists) tools.push(...l);
    return tools;
  }

  /**
   * One tools/call. Argument mistakes are `isError` results the model can correct (MCP tools, Error
   * Handling); an unknown tool is a protocol error. When `signal` aborts, the downstream call is
   * aborted and this rejects with RequestCancelled.
   */
  async call(
    session: ToolSession,
    name: string,
    rawArgs: Record<string, unknown> | undefined,
    signal?: AbortSignal,
  ): Promise<CallToolResult> {
    const args = rawArgs ?? {};
    if (name === AUTH_TOOL_NAME) return this.authLink(session);
    if (name === LIST_TOOLS_TOOL_NAME) {
      const p = ListArgs.safeParse(args);
      if (!p.success)
        return errorResult(
          'bad_arguments',
          `${LIST_TOOLS_TOOL_NAME} needs {"server": "<name>"}: ${argIssues(p.error)}`,
        );
      return this.listServerTools(session, p.data.server);
    }
    if (name === CALL_TOOL_TOOL_NAME) {
      const p = CallArgs.safeParse(args);
      if (!p.success)
        return errorResult(
          'bad_arguments',
          `${CALL_TOOL_TOOL_NAME} needs {"server": "<name>", "tool": "<tool>", "arguments": {...}}: ${argIssues(p.error)}`,
        );
      return this.proxy(session, p.data.server, p.data.tool, p.data.arguments, signal);
    }
    const parsed = parseToolName(name);
    if (!parsed) throw new McpError(ErrorCode.InvalidParams, `Unknown tool '${name}'`);
    return this.proxy(session, parsed.server, parsed.tool, args, signal);
  }

  private async authLink(session: ToolSession): Promise<CallToolResult> {
    if (!this.nav.instance(session.instanceId)?.inChatAuth) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `${AUTH_TOOL_NAME} is not available: In-Chat Authentication is turned off for this navigator instance.`,
        {
          code: 'feature_off' satisfies FailureCode,
        },
      );
    }
    const result = await this.nav.status(session.userId, session.projectId, { verify: true });
    return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
  }

  private async listServerTools(session: ToolSession, serverName: string): Promise<CallToolResult> {
    const server = this.resolve(session, serverName);
    if (typeof server === 'string') return errorResult('unknown_server', server);
    try {
      const tools = await this.nav.listToolsAs(session.userId, server);
      const shown = tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
      return textResult(JSON.stringify({ server: server.name, display_name: server.displayName, tools: shown }));
    } catch (err) {
      return this.failure(session, server, err);
    }
  }

  private async proxy(
    session: ToolSession,
    serverName: string,
    tool: string,
    args: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<CallToolResult> {
    const server = this.resolve(session, serverName);
    if (typeof server === 'string') return errorResult('unknown_server', server);
    try {
      return await this.nav.callToolAs(session.userId, server, tool, args, signal);
    } catch (err) {
      return this.failure(session, server, err);
    }
  }

  private resolve(session: ToolSession, name: string): ServerRecord | string {
    const server = this.nav.server(session.projectId, name);
    if (server) return server;
    const names = this.nav.servers(session.projectId).map((s) => s.name);
    return `There is no MCP server named '${name}'. Servers in this project: ${names.join(', ') || 'none'}.`;
  }

  private failure(session: ToolSession, server: ServerRecord, err: unknown): CallToolResult {
    if (err instanceof RequestCancelled) throw err;
    const d = server.displayName;
    if (
      err instanceof DownstreamFailure &&
      (err.reason === 'not_connected' || err.reason === 'auth_failed') &&
      server.authLevel === 'user'
    ) {
      const elicitation = this.elicitation(session, server, err.reason);
      if (elicitation) throw elicitation;
    }
    const inChat = this.nav.instance(session.instanceId)?.inChatAuth === true;
    const howToConnect = inChat
      ? `Call ${AUTH_TOOL_NAME} and share the link with the user so they can connect ${d}, then try again.`
      : `Ask the user to connect ${d} before trying again.`;
    if (!(err instanceof DownstreamFailure)) {
      this.log(`unexpected downstream error on ${server.name}: ${err instanceof Error ? err.name : 'error'}`);
      return errorResult('server_unavailable', `${d} could not handle the request right now. Try again later.`);
    }
    if (err.reason === 'not_connected') {
      if (server.authLevel === 'project')
        return errorResult(
          'shared_not_connected',
          `${d} has no shared credential yet; a project administrator has to connect it.`,
        );
      return errorResult('not_connected', `The user has not connected ${d} yet. ${howToConnect}`);
    }
    if (err.reason === 'auth_failed') {
      if (server.authLevel === 'project')
        return errorResult(
          'shared_expired',
          `The shared ${d} credential expired or was revoked; a project administrator has to reconnect it.`,
        );
      return errorResult('expired', `The user's ${d} connection expired or was revoked. ${howToConnect}`);
    }
    if (err.reason === 'downstream_error')
      return errorResult('downstream_error', `${d} returned an error: ${err.message}`);
    return errorResult('server_unavailable', `${d} is unavailable right now: ${err.message}. Try again later.`);
  }

  /**
   * URL-mode elicitation for a user-level server the user has to (re)connect, when the session's
   * client declared it and the instance allows it: the URL opens the guided flow for this server only.
   */
  private elicitation(
    session: ToolSession,
    server: ServerRecord,
    reason: 'not_connected' | 'auth_failed',
  ): UrlElicitationRequiredError | undefined {
    if (!this.elicitations || session.sessionId === undefined || session.urlElicitation?.() !== true) return undefined;
    if (this.nav.instance(session.instanceId)?.elicitation !== true) return undefined;
    const pending = this.elicitations.open({
      sessionId: session.sessionId,
      projectId: session.projectId,
      userId: session.userId,
      serverId: server.id,
      serverName: server.name,
    });
    const d = server.displayName;
    const message =
      reason === 'auth_failed'
        ? `Your ${d} connection expired or was revoked. Reconnect ${d} to continue.`
        : `Connect your ${d} account to continue.`;
    const url = `${this.nav.publicUrl}/auth?elicitation_id=${encodeURIComponent(pending.id)}`;
    return new UrlElicitationRequiredError(
      [{ mode: 'url', elicitationId: pending.id, url, message }],
      `${d} needs to be connected by the user first; open the elicitation URL, then retry.`,
    );
  }
}

/** Zod issues of tool arguments as `field: problem` (the model reads this to correct its call). */
function argIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || 'arguments'}: ${i.message}`).join('; ');
}
