/**
 * The page's HTTP client for the agent server (same origin, cookie session). Responses are checked
 * with zod so a server change shows up as a clear error here instead of a blank page.
 */
import type { UIMessage } from 'ai';
import { z } from 'zod';
import {
  AuthLinkInfo,
  AuthLinkResult,
  CreatedInstance,
  ErrorBody,
  Instance,
  Project,
  ProjectServer,
  RemovedServer,
  ServerChange,
} from '../../server/shared/contracts.js';
import type { AddServerRequest } from '../../server/shared/contracts.js';

// The settings API's shapes are the shared contracts (server/shared/contracts.ts); re-exported for the pages.
export { Instance, Project, ProjectServer };
export type { Revocation } from '../../server/shared/contracts.js';

/** An API failure with the server's message (from `{ error: { code, message } }`) when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server's own message from an error body, or undefined when the body is not the JSON error shape. */
export function errorMessageFromBody(text: string): { code?: string; message: string } | undefined {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}

async function request<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the app server. Check that it is running, then try again.');
  }
  const text = await res.text();
  if (!res.ok) {
    const err = errorMessageFromBody(text);
    throw new ApiError(
      res.status,
      err?.code ?? 'http_error',
      err?.message ?? `${method} ${path} failed with HTTP ${res.status}`,
    );
  }
  let json: unknown = undefined;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError(res.status, 'bad_response', `${method} ${path} did not answer JSON`);
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(res.status, 'bad_response', `${method} ${path} answered an unexpected shape`);
  return parsed.data;
}

const Session = z.object({ user: z.string() });
const Anything = z.unknown();

export const Model = z.object({ id: z.string(), label: z.string(), offline: z.boolean().optional().default(false) });
export type Model = z.infer<typeof Model>;
const Models = z.object({ default: z.string(), models: z.array(Model) });
export type Models = z.infer<typeof Models>;

export const PROJECT_ID = 'demo';
const projectPath = `/api/navigator/projects/${PROJECT_ID}`;

/** The signed-in user, or null when the session cookie is missing or expired. */
export async function getSession(): Promise<string | null> {
  try {
    return (await request('GET', '/api/session', Session)).user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export const signIn = (user: string, password: string) => request('POST', '/api/session', Session, { user, password });
export const signOut = () => request('DELETE', '/api/session', Anything);
export const getStatus = () => request('GET', '/api/status', AuthLinkResult);
export const getModels = () => request('GET', '/api/models', Models);
export const endConversation = (id: string) =>
  request('DELETE', `/api/conversations/${encodeURIComponent(id)}`, Anything);

export const getProject = () => request('GET', projectPath, Project);
export const getAuthLink = () => request('GET', `${projectPath}/auth-link`, AuthLinkInfo);
export const addServer = (server: AddServerRequest) => request('POST', `${projectPath}/servers`, ProjectServer, server);
export const setAuthLevel = (name: string, authLevel: ProjectServer['auth_level']) =>
  request('PATCH', `${projectPath}/servers/${encodeURIComponent(name)}`, ServerChange, { auth_level: authLevel });
export const removeServer = (name: string) =>
  request('DELETE', `${projectPath}/servers/${encodeURIComponent(name)}`, RemovedServer);
export const setInChatAuth = (instanceId: string, enabled: boolean) =>
  request('PUT', `/api/navigator/instances/${encodeURIComponent(instanceId)}/in-chat-auth`, Instance, { enabled });

/** The signed-in account: its role, and the navigator's origin (Connect cards only for links there). */
export const SessionInfo = z.object({
  user: z.string(),
  role: z.enum(['admin', 'user']).default('user'),
  navigator_origin: z.string().optional(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** The signed-in account with its role, or null when signed out. */
export async function getSessionInfo(): Promise<SessionInfo | null> {
  try {
    return await request('GET', '/api/session', SessionInfo);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** The signed-in user's own connections (from the session, never another user's) and where to connect. */
export const Connections = z.object({
  user: z.string(),
  servers: AuthLinkResult.shape.servers,
  unauthenticated_servers: z.array(z.string()),
  connect_url: z.string(),
});
export type Connections = z.infer<typeof Connections>;
export const getConnections = () => request('GET', '/api/connections', Connections);
export const disconnect = (server: string) =>
  request('DELETE', `/api/connections/${encodeURIComponent(server)}`, Anything);

/** A user's status through the admin pass-through (admin sessions only). */
export const getUserStatus = (user: string) =>
  request('GET', `${projectPath}/users/${encodeURIComponent(user)}/status`, AuthLinkResult);

/** Admin: the preview of the guided flow as a signed-out new user sees it (served by the app, no navigator cookie). */
export const AUTH_PREVIEW_PATH = '/api/auth-preview';

/** Admin: creates a navigator instance; the answer is the only place its key ever appears. */
export const addInstance = (id: string, name: string) =>
  request('POST', `${projectPath}/instances`, CreatedInstance, { id, name });
// Stored conversations (issue 16): the history list, reopening one, deleting one.
const StoredMessage = z.looseObject({
  id: z.string(),
  role: z.enum(['system', 'user', 'assistant']),
  parts: z.array(z.looseObject({ type: z.string() })),
});
const UIMessageShape = z.custom<UIMessage>((v) => StoredMessage.safeParse(v).success, 'not a UI message');
export const ConversationSummary = z.object({ id: z.string(), title: z.string(), updated_at: z.string() });
export type ConversationSummary = z.infer<typeof ConversationSummary>;
const ConversationList = z.object({ conversations: z.array(ConversationSummary), limit: z.number().optional() });
const StoredConversation = ConversationSummary.extend({ messages: z.array(UIMessageShape) });
const path = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;
export const listConversations = () => request('GET', '/api/conversations', ConversationList);
export const getConversation = (id: string) => request('GET', path(id), StoredConversation);
export const deleteConversation = (id: string) => request('DELETE', path(id), Anything);
/** Ends the conversation's navigator session (kept otherwise until it idles out); the next turn opens a new one. */
export const closeConversationSession = (id: string) => request('DELETE', `${path(id)}/session`, Anything);
