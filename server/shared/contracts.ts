/**
 * Shapes that cross a process boundary, defined once as zod schemas; types are inferred from them.
 * Imported by the navigator, the agent server, the web app and the harness.
 */
import { z } from 'zod';
import { SERVER_NAME_PATTERN } from './tool-names.js';

export const AUTH_TOOL_NAME = 'get_authentication_link';
/** Generic tools the navigator always offers, so servers connected mid-session are reachable (B12). */
export const LIST_TOOLS_TOOL_NAME = 'list_server_tools';
export const CALL_TOOL_TOOL_NAME = 'call_server_tool';

export const AuthStatus = z.enum(['authentication_needed', 'fully_authenticated', 'no_auth_required']);
export type AuthStatus = z.infer<typeof AuthStatus>;

export const AuthLevel = z.enum(['user', 'project', 'none']);
export type AuthLevel = z.infer<typeof AuthLevel>;

/** Per-user connection state of one server instance. */
export const ServerConnectionState = z.enum(['connected', 'needs_connecting', 'expired', 'project', 'no_auth']);
export type ServerConnectionState = z.infer<typeof ServerConnectionState>;

export const ServerStatus = z.object({
  name: z.string(),
  display_name: z.string(),
  auth_level: AuthLevel,
  state: ServerConnectionState,
});
export type ServerStatus = z.infer<typeof ServerStatus>;

/** Result of `get_authentication_link`, as JSON text and as structuredContent. */
export const AuthLinkResult = z.object({
  status: AuthStatus,
  auth_link: z.string().url().optional(),
  /** Names (slugs) of the user-level servers this user still has to connect. */
  unauthenticated_servers: z.array(z.string()),
  /** Every server of the project with this user's state, display names included. */
  servers: z.array(ServerStatus),
  message: z.string(),
});
export type AuthLinkResult = z.infer<typeof AuthLinkResult>;

export const DEMO_USERS = ['alice', 'bob', 'carol'] as const;
/** The demo's admin account (password = id): the only one that reaches the settings API through the app. */
export const DEMO_ADMIN = 'admin';
export const UserId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'user ids are lower-case letters, digits, ., _ or -');

/** Header carrying the end user's id on the navigator's MCP endpoint. */
export const NAVIGATOR_USER_HEADER = 'x-navigator-user';

/** Body of `POST {app}/api/session`. */
export const SignInRequest = z.object({ user: UserId, password: z.string().min(1).max(200) });

/** Body of `POST {app}/api/chat`: the AI SDK chat request plus an optional model name. */
export const ChatRequest = z.object({
  id: z.string().min(1).max(200),
  messages: z.array(z.unknown()).min(1).max(500),
  model: z.string().min(1).max(200).optional(),
});

/**
 * Stable codes of the failures other parts react to (the demo planner, the agent, the web app).
 * The navigator puts one in `_meta` of each of its tool error results (`{ [FAILURE_CODE_META]: code }`)
 * and the agent passes it on to the model; prose is for people, the code is for programs.
 */
export const FailureCode = z.enum([
  /** The user has not connected this user-level server. */
  'not_connected',
  /** The user's credential for it expired or was revoked. */
  'expired',
  /** A project-level server has no shared credential yet: an administrator must connect it. */
  'shared_not_connected',
  /** The shared credential expired or was revoked: an administrator must reconnect it. */
  'shared_expired',
  /** The downstream server could not be reached or timed out. */
  'server_unavailable',
  /** The downstream server answered with an error of its own (its text is third-party prose). */
  'downstream_error',
  /** No server of that name in the project. */
  'unknown_server',
  /** The tool's arguments did not validate. */
  'bad_arguments',
  /** In-Chat Authentication is off for this navigator instance. */
  'feature_off',
  /** The navigator no longer knows the MCP session (HTTP 404). */
  'session_gone',
  /** The navigator itself could not be reached or refused the agent. */
  'navigator_unavailable',
]);
export type FailureCode = z.infer<typeof FailureCode>;
/** The `_meta` key of a navigator tool error result that holds its FailureCode. */
export const FAILURE_CODE_META = 'navigator/failure_code';

/** The FailureCode of a value (`{ code }`, `{ _meta: { [FAILURE_CODE_META]: code } }` or `{ structuredContent: { code } }`), if it has one. */
export function failureCodeOf(value: unknown): FailureCode | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as {
    code?: unknown;
    _meta?: Record<string, unknown> | null;
    structuredContent?: { code?: unknown } | null;
  };
  for (const candidate of [v.code, v._meta?.[FAILURE_CODE_META], v.structuredContent?.code]) {
    const parsed = FailureCode.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

// ---- The navigator's settings API (`/api/...` on the navigator, `/api/navigator/...` through the app) ----

export const ProjectServer = z.object({
  name: z.string(),
  display_name: z.string(),
  mcp_url: z.string(),
  auth_level: AuthLevel,
  has_shared_credential: z.boolean().optional().default(false),
  /** Users holding a credential for it (what removing it revokes); absent on navigators that do not say. */
  connected_users: z.number().int().nonnegative().optional(),
});
export type ProjectServer = z.infer<typeof ProjectServer>;

export const Instance = z.object({
  id: z.string(),
  name: z.string(),
  in_chat_auth: z.boolean(),
  elicitation: z.boolean().optional(),
  live_tool_list: z.boolean().optional(),
});
export type Instance = z.infer<typeof Instance>;

export const AuthLinkRef = z.object({ id: z.string(), url: z.string() });

/** `GET /api/projects/:projectId`. */
export const Project = z.object({
  id: z.string(),
  name: z.string(),
  servers: z.array(ProjectServer),
  instances: z.array(Instance),
  default_auth_link: AuthLinkRef.nullable().optional().default(null),
  in_chat_auth_available: z.boolean(),
  in_chat_auth_unavailable_reason: z.string().nullable().optional(),
});
export type Project = z.infer<typeof Project>;

const ServerName = z
  .string()
  .regex(SERVER_NAME_PATTERN, 'server names are lower-case slugs (a-z, 0-9, -), at most 31 characters');
const InstanceId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'instance ids are lower-case letters, digits and -');
const DisplayName = z.string().trim().min(1).max(80);
/** `POST /api/projects/:projectId/servers`. */
export const AddServerRequest = z.object({
  name: ServerName,
  display_name: DisplayName,
  mcp_url: z
    .string()
    .url()
    .refine((u) => /^https?:/.test(u), 'mcp_url must be http(s)'),
  auth_level: AuthLevel,
});
export type AddServerRequest = z.input<typeof AddServerRequest>;
/** `PATCH /api/projects/:projectId/servers/:name`. */
export const PatchServerRequest = z
  .object({ auth_level: AuthLevel.optional(), display_name: DisplayName.optional() })
  .strict();
export type PatchServerRequest = z.input<typeof PatchServerRequest>;
/** `POST /api/projects/:projectId/instances`. */
export const AddInstanceRequest = z.object({ id: InstanceId, name: DisplayName });
export type AddInstanceRequest = z.input<typeof AddInstanceRequest>;
/** `PUT /api/instances/:instanceId/in-chat-auth`. */
export const InChatAuthRequest = z.object({ enabled: z.boolean() });
export type InChatAuthRequest = z.input<typeof InChatAuthRequest>;
/** `PATCH /api/instances/:instanceId` (the instance's MCP settings). */
export const InstanceMcpRequest = z
  .object({ elicitation: z.boolean().optional(), live_tool_list: z.boolean().optional() })
  .strict();
export type InstanceMcpRequest = z.input<typeof InstanceMcpRequest>;

/** Grants revoked at the provider (RFC 7009) when connections are removed. */
export const Revocation = z.object({
  attempted: z.number(),
  revoked: z.number(),
  failed: z.number(),
  unsupported: z.number(),
});
export type Revocation = z.infer<typeof Revocation>;
/** Server changes report the instances that lost In-Chat Authentication because no user-level server is left (B7). */
export const ServerChange = z.object({
  disabled_instances: z.array(z.string()).optional().default([]),
  revocation: Revocation.optional(),
});
export type ServerChange = z.infer<typeof ServerChange>;
/** `PATCH .../servers/:name`: the server as it now is, with what the change did. */
export const PatchedServer = ProjectServer.extend(ServerChange.shape);
/** `DELETE .../servers/:name`. */
export const RemovedServer = ServerChange.extend({ removed: z.boolean().optional() });
/** `POST .../instances`: the answer is the only place the instance key ever appears. */
export const CreatedInstance = Instance.extend({ api_key: z.string().min(1) });
/** `GET .../auth-link`. */
export const AuthLinkInfo = AuthLinkRef.extend({ servers: z.array(z.string()).optional() });
/** `POST .../servers/:name/shared-credential`. */
export const SharedCredentialStart = z.object({ authorize_url: z.string(), expires_in: z.number() });
/** The JSON error body of every API: `{ error: { code, message } }`. */
export const ErrorBody = z.object({ error: z.object({ code: z.string().optional(), message: z.string() }) });

/**
 * Stable codes of a failed chat turn, for the web app to switch on. HTTP errors carry theirs in the
 * JSON error body (`unauthorized`, `too_many_requests`, ...); a failure reported inside the chat
 * stream is preceded by a transient `data-chat-error` part with its code (CHAT_ERROR_PART).
 */
export const ChatErrorCode = z.enum(['navigator_unavailable', 'model_unavailable', 'internal']);
export type ChatErrorCode = z.infer<typeof ChatErrorCode>;
export const CHAT_ERROR_PART = 'data-chat-error';
export const ChatErrorData = z.object({ code: ChatErrorCode });
export type ChatErrorData = z.infer<typeof ChatErrorData>;
