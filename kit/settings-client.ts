/**
 * The one typed client of the navigator's settings API, for tests, the harness and the bench. Every
 * answer is parsed with its schema from server/shared/contracts.ts, so a drift between server and
 * contract fails the caller instead of passing a cast. Works on the navigator itself (`/api/...` with
 * the admin key) and through the agent's admin pass-through (`/api/navigator/...` with a session cookie).
 * `request` is the raw call, for tests that check refusals (status, error body) on purpose.
 */
import type { z } from 'zod';
// The contracts as one namespace: each schema below is the server's, read as `C.Name`.
import * as C from '../server/shared/contracts.js';

export interface HttpResult {
  status: number;
  /** The JSON answer, or the text when it is not JSON. */
  body: unknown;
  text: string;
  headers: Headers;
}

export interface SettingsClientOptions {
  /** The navigator's base URL, or the agent's when `via` is 'agent'. */
  baseUrl: string;
  /** 'navigator' (default): `/api/...` with `Authorization: Bearer <adminKey>`; 'agent': `/api/navigator/...` with `cookie`. */
  via?: 'navigator' | 'agent';
  adminKey?: string;
  /** An admin session's Cookie header on the agent. */
  cookie?: string;
  /** The project the project-scoped calls address (default 'demo'). */
  projectId?: string;
}

/** A non-2xx answer of the settings API, with the navigator's own error code and message. */
export class SettingsApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly body: unknown,
  ) {
    super(`${method} ${path} → HTTP ${status}: ${describe(body)}`);
  }
}

function describe(body: unknown): string {
  const err = C.ErrorBody.safeParse(body);
  return err.success ? err.data.error.message : JSON.stringify(body).slice(0, 300);
}

export class SettingsClient {
  readonly projectId: string;
  private readonly base: string;
  private readonly viaAgent: boolean;
  private readonly auth: Record<string, string>;

  constructor(private readonly opts: SettingsClientOptions) {
    this.projectId = opts.projectId ?? 'demo';
    const viaAgent = opts.via === 'agent';
    this.base = opts.baseUrl.replace(/\/$/, '');
    this.viaAgent = viaAgent;
    if (viaAgent && !opts.cookie) throw new Error('the agent pass-through needs an admin session cookie');
    if (!viaAgent && !opts.adminKey) throw new Error('the navigator settings API needs the admin key');
    this.auth = viaAgent ? { cookie: opts.cookie ?? '' } : { authorization: `Bearer ${opts.adminKey ?? ''}` };
  }

  /** The same client on another project. */
  forProject(projectId: string): SettingsClient {
    return new SettingsClient({ ...this.opts, projectId });
  }

  /**
   * The raw call: `path` as on the navigator (`/api/projects/demo`; through the agent it becomes
   * `/api/navigator/projects/demo`); any status is returned, nothing is parsed.
   */
  async request(method: string, path: string, body?: unknown): Promise<HttpResult> {
    if (!path.startsWith('/api/')) throw new Error(`settings API paths start with /api/ (got ${path})`);
    const url = `${this.base}${this.viaAgent ? `/api/navigator${path.slice(4)}` : path}`;
    const res = await fetch(url, {
      method,
      headers: { ...this.auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  /** A 2xx answer parsed with `schema`; a non-2xx answer throws SettingsApiError, a shape drift throws too. */
  async call<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.output<S>> {
    const r = await this.request(method, path, body);
    if (r.status < 200 || r.status >= 300) {
      const err = C.ErrorBody.safeParse(r.body);
      throw new SettingsApiError(method, path, r.status, err.success ? err.data.error.code : undefined, r.body);
    }
    const parsed = schema.safeParse(r.body);
    if (!parsed.success)
      throw new Error(
        `${method} ${path} answered a shape its contract does not allow: ${parsed.error.message.slice(0, 500)}`,
      );
    return parsed.data;
  }

  private get p(): string {
    return `/api/projects/${encodeURIComponent(this.projectId)}`;
  }

  project(): Promise<C.Project> {
    return this.call('GET', this.p, C.Project);
  }
  addServer(req: C.AddServerRequest): Promise<C.ProjectServer> {
    return this.call('POST', `${this.p}/servers`, C.ProjectServer, req);
  }
  patchServer(name: string, req: C.PatchServerRequest): Promise<z.output<typeof C.PatchedServer>> {
    return this.call('PATCH', `${this.p}/servers/${encodeURIComponent(name)}`, C.PatchedServer, req);
  }
  removeServer(name: string): Promise<z.output<typeof C.RemovedServer>> {
    return this.call('DELETE', `${this.p}/servers/${encodeURIComponent(name)}`, C.RemovedServer);
  }
  addInstance(req: C.AddInstanceRequest): Promise<z.output<typeof C.CreatedInstance>> {
    return this.call('POST', `${this.p}/instances`, C.CreatedInstance, req);
  }
  setInChatAuth(instanceId: string, enabled: boolean): Promise<C.Instance> {
    return this.call('PUT', `/api/instances/${encodeURIComponent(instanceId)}/in-chat-auth`, C.Instance, { enabled });
  }
  patchInstance(instanceId: string, req: C.InstanceMcpRequest): Promise<C.Instance> {
    return this.call('PATCH', `/api/instances/${encodeURIComponent(instanceId)}`, C.Instance, req);
  }
  /** The project's default auth link; undefined while it has none (HTTP 404). */
  async authLink(): Promise<z.output<typeof C.AuthLinkInfo> | undefined> {
    try {
      return await this.call('GET', `${this.p}/auth-link`, C.AuthLinkInfo);
    } catch (e) {
      if (e instanceof SettingsApiError && e.status === 404) return undefined;
      throw e;
    }
  }
  /** The default auth link's URL; throws when the project has none (for tests that follow the link). */
  async authLinkUrl(): Promise<string> {
    const link = await this.authLink();
    if (!link) throw new Error('the project has no default auth link');
    return link.url;
  }
  userStatus(user: string): Promise<C.AuthLinkResult> {
    return this.call('GET', `${this.p}/users/${encodeURIComponent(user)}/status`, C.AuthLinkResult);
  }
  startSharedCredential(server: string): Promise<z.output<typeof C.SharedCredentialStart>> {
    return this.call(
      'POST',
      `${this.p}/servers/${encodeURIComponent(server)}/shared-credential`,
      C.SharedCredentialStart,
    );
  }
  removeCredential(user: string, server: string): Promise<z.output<typeof C.RemovedServer>> {
    return this.call(
      'DELETE',
      `${this.p}/users/${encodeURIComponent(user)}/credentials/${encodeURIComponent(server)}`,
      C.RemovedServer,
    );
  }
}

/** The `error.message` of a refusal, its body checked against the contract's C.ErrorBody. */
export function errorMessage(r: HttpResult): string {
  return C.ErrorBody.parse(r.body).error.message;
}
