/**
 * Maps the demo model's actions onto the tools actually offered in this call: the navigator's direct
 * `{server}__{tool}` when listed, otherwise the generic `call_server_tool` (servers connected after the
 * session started, B12/B13). Argument names are matched to the offered tool's JSON schema.
 */
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { CALL_TOOL_TOOL_NAME } from '../../../shared/contracts.js';
import { namespacedToolName } from '../../../shared/tool-names.js';
import type { Action } from './intent.js';
import { serverOf } from './intent.js';

/** The part of a tool's JSON schema the demo model reads (the provider's JSONSchema7 type needs @types/json-schema). */
export interface ToolSchema {
  properties?: Record<string, unknown>;
}

export type Offered = Map<string, ToolSchema | undefined>;

export interface PlannedCall {
  toolName: string;
  input: Record<string, unknown>;
}

export function offeredTools(tools: LanguageModelV3CallOptions['tools']): Offered {
  const map: Offered = new Map();
  for (const t of tools ?? []) if (t.type === 'function') map.set(t.name, t.inputSchema as ToolSchema);
  return map;
}

/** Content a write takes from earlier results: a derived issue title and description, or the text of a referring post. */
export interface Derived {
  title?: string;
  description?: string;
  text?: string;
}

/** The downstream tool name and canonical arguments of an action (the mock servers' names). */
export function downstreamCall(action: Action, derived: Derived = {}): { tool: string; args: Record<string, unknown> } {
  switch (action.kind) {
    case 'slack_list_channels':
      return { tool: 'list_channels', args: {} };
    case 'slack_read_channel':
      return { tool: 'read_channel', args: { channel: action.channel } };
    case 'slack_read_dms':
      return { tool: 'read_direct_messages', args: action.with ? { with: action.with } : {} };
    case 'slack_search':
      return { tool: 'search_messages', args: { query: action.query } };
    case 'slack_post':
      return { tool: 'post_message', args: { channel: action.channel, text: action.text ?? derived.text ?? '' } };
    case 'linear_list_teams':
      return { tool: 'list_teams', args: {} };
    case 'linear_list_issues': {
      // "open" is several states; the tool filters one, so ask for all (within the limit) and filter the answer.
      const { kind: _kind, open, ...filters } = action;
      return { tool: 'list_issues', args: open ? { ...filters, limit: 100 } : filters };
    }
    case 'linear_get_issue':
      return { tool: 'get_issue', args: { id: action.id } };
    case 'linear_create_issue': {
      const title = action.title ?? derived.title ?? 'Follow up from Slack';
      const extra = {
        ...(derived.description ? { description: derived.description } : {}),
        ...(action.priority ? { priority: action.priority } : {}),
        ...(action.assignee ? { assignee: action.assignee } : {}),
      };
      return { tool: 'create_issue', args: { team: action.team, title, ...extra } };
    }
    case 'linear_update_state':
      return { tool: 'update_issue_state', args: { id: action.id, state: action.state } };
  }
}

const SYNONYMS: Record<string, string[]> = {
  channel: ['channel', 'channel_name', 'channel_id', 'channelId', 'name'],
  query: ['query', 'q', 'text', 'search'],
  text: ['text', 'message', 'content', 'body'],
  team: ['team', 'team_key', 'teamKey', 'team_id', 'teamId'],
  with: ['with', 'user', 'person', 'handle'],
  assignee: ['assignee', 'assignee_id', 'owner'],
  priority: ['priority'],
  limit: ['limit', 'max', 'first'],
  id: ['id', 'issue', 'issue_id', 'issueId', 'identifier'],
  state: ['state', 'status', 'state_name'],
  title: ['title', 'name'],
  description: ['description', 'body'],
};

/** Renames arguments to the names the tool's schema declares, dropping ones it cannot take. */
export function adaptArgs(schema: ToolSchema | undefined, args: Record<string, unknown>): Record<string, unknown> {
  const props = schema && typeof schema.properties === 'object' ? Object.keys(schema.properties) : undefined;
  if (!props || props.length === 0) return props ? {} : args;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    const name = (SYNONYMS[key] ?? [key]).find((n) => props.includes(n) && !(n in out));
    if (name) out[name] = value;
  }
  return out;
}

/** The tool call that runs `action`, or undefined when this session offers no way to reach its server. */
export function routeAction(offered: Offered, action: Action, derived?: Derived): PlannedCall | undefined {
  const server = serverOf(action);
  const { tool, args } = downstreamCall(action, derived);
  const direct = namespacedToolName(server, tool);
  if (offered.has(direct)) return { toolName: direct, input: adaptArgs(offered.get(direct), args) };
  if (offered.has(CALL_TOOL_TOOL_NAME))
    return { toolName: CALL_TOOL_TOOL_NAME, input: { server, tool, arguments: args } };
  return undefined;
}
