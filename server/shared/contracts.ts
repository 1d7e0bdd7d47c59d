/**
 * Shapes that cross a process boundary, defined once as zod schemas; types are inferred from them.
 * Imported by the navigator, the agent server, the web app and the harness.
 */
import { z } from 'zod';

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
export const UserId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'user ids are lower-case letters, digits, ., _ or -');

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
