/**
 * The settings API behind the instance settings page: projects, server instances, navigator
 * instances, the In-Chat Authentication toggle (B6-B8), link preview (B14), user status and
 * credentials. JSON in and out, validated with zod, guarded by the admin key.
 */
import express from 'express';
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import {
  AddInstanceRequest,
  AddServerRequest,
  InChatAuthRequest,
  InstanceMcpRequest,
  PatchServerRequest,
  UserId,
} from '../../shared/contracts.js';
import type {
  AuthLinkInfo,
  AuthLinkResult,
  CreatedInstance,
  Instance,
  PatchedServer,
  Project,
  ProjectServer,
  RemovedServer,
  SharedCredentialStart,
} from '../../shared/contracts.js';
import { DEFAULT_BODY_LIMIT, HttpError } from '../../shared/http.js';
import type { OAuthConnector } from '../auth/connector.js';
import { randomToken, safeEqual } from '../crypto.js';
import { IN_CHAT_AUTH_UNAVAILABLE } from '../service.js';
import type { NavigatorService } from '../service.js';
import { PROJECT_OWNER } from '../store/store.js';
import type { InstanceRecord, ServerRecord } from '../store/store.js';

/** Validates `value`; the 400 names each failing field (`where` when the value itself is wrong). */
function parse<T extends z.ZodType>(schema: T, value: unknown, where = 'body'): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success)
    throw new HttpError(
      'bad_request',
      r.error.issues.map((i) => `${i.path.join('.') || where}: ${i.message}`).join('; '),
    );
  return r.data;
}

/** `connected_users`: users holding a credential for it, i.e. whose connections removing it revokes. */
export function serverJson(s: ServerRecord, hasShared: boolean, connectedUsers = 0): ProjectServer {
  return {
    name: s.name,
    display_name: s.displayName,
    mcp_url: s.mcpUrl,
    auth_level: s.authLevel,
    has_shared_credential: hasShared,
    connected_users: connectedUsers,
  };
}
export function instanceJson(i: InstanceRecord): Instance {
  return {
    id: i.id,
    name: i.name,
    in_chat_auth: i.inChatAuth,
    elicitation: i.elicitation,
    live_tool_list: i.liveToolList,
  };
}

export function createSettingsApi(opts: {
  nav: NavigatorService;
  connector: OAuthConnector;
  adminKey: string;
}): Router {
  const { nav, connector } = opts;
  const router = express.Router();

  const requireAdmin: RequestHandler = (req, _res, next) => {
    const h = req.headers.authorization;
    const key = h && /^Bearer /i.test(h) ? h.slice(7).trim() : '';
    if (!key || !safeEqual(key, opts.adminKey))
      return next(new HttpError('unauthorized', 'Missing or wrong admin key (Authorization: Bearer <admin key>)'));
    next();
  };
  router.use('/api', requireAdmin, express.json({ limit: DEFAULT_BODY_LIMIT }));

  const project = (req: Request) => {
    const p = nav.project(String(req.params.projectId));
    if (!p) throw new HttpError('not_found', `No project '${String(req.params.projectId)}'`);
    return p;
  };
  const server = (projectId: string, name: string) => {
    const s = nav.server(projectId, name);
    if (!s) throw new HttpError('not_found', `No server '${name}' in project '${projectId}'`);
    return s;
  };

  router.get('/api/projects/:projectId', (req, res: Response<Project>) => {
    const p = project(req);
    const linkId = nav.defaultLinkId(p.id);
    const available = nav.hasUserLevelServer(p.id);
    const shared = nav.sharedConnected(p.id);
    const counts = nav.connectedUserCounts(p.id);
    res.json({
      id: p.id,
      name: p.name,
      servers: nav
        .servers(p.id)
        .map((s) => serverJson(s, s.authLevel === 'project' && shared.has(s.id), counts.get(s.id) ?? 0)),
      instances: nav.instances(p.id).map(instanceJson),
      default_auth_link: linkId ? { id: linkId, url: nav.linkUrlFor(linkId) } : null,
      in_chat_auth_available: available,
      ...(available ? {} : { in_chat_auth_unavailable_reason: IN_CHAT_AUTH_UNAVAILABLE }),
    });
  });

  router.post('/api/projects/:projectId/servers', async (req, res: Response<ProjectServer>) => {
    const p = project(req);
    const body = parse(AddServerRequest, req.body);
    const s = await nav.addServer(p.id, {
      name: body.name,
      displayName: body.display_name,
      mcpUrl: body.mcp_url,
      authLevel: body.auth_level,
    });
    res.status(201).json(serverJson(s, false));
  });

  router.patch('/api/projects/:projectId/servers/:name', async (req, res: Response<z.input<typeof PatchedServer>>) => {
    const p = project(req);
    const body = parse(PatchServerRequest, req.body);
    const {
      server: s,
      disabledInstances,
      revocation,
    } = await nav.updateServer(p.id, String(req.params.name), {
      authLevel: body.auth_level,
      displayName: body.display_name,
    });
    const connected = nav.connectedUserCounts(p.id).get(s.id) ?? 0;
    res.json({
      ...serverJson(s, nav.hasValidCredential(PROJECT_OWNER, s.id), connected),
      disabled_instances: disabledInstances,
      ...(revocation ? { revocation } : {}),
    });
  });

  router.delete('/api/projects/:projectId/servers/:name', async (req, res: Response<z.input<typeof RemovedServer>>) => {
    const p = project(req);
    const r = await nav.removeServer(p.id, String(req.params.name));
    res.json({ removed: r.removed, disabled_instances: r.disabledInstances, revocation: r.revocation });
  });

  router.post('/api/projects/:projectId/instances', (req, res: Response<z.input<typeof CreatedInstance>>) => {
    const p = project(req);
    const body = parse(AddInstanceRequest, req.body);
    const apiKey = `nav_${randomToken(24)}`;
    const i = nav.createInstance(p.id, body.id, body.name, apiKey);
    res.status(201).json({ ...instanceJson(i), api_key: apiKey });
  });

  router.put('/api/instances/:instanceId/in-chat-auth', (req, res: Response<Instance>) => {
    const body = parse(InChatAuthRequest, req.body);
    res.json(instanceJson(nav.setInChatAuth(String(req.params.instanceId), body.enabled)));
  });

  // The instance's MCP settings (issue 14): URL-mode elicitation and the live tool list.
  router.patch('/api/instances/:instanceId', (req, res: Response<Instance>) => {
    const body = parse(InstanceMcpRequest, req.body);
    const id = String(req.params.instanceId);
    res.json(
      instanceJson(
        nav.setInstanceMcpSettings(id, { elicitation: body.elicitation, liveToolList: body.live_tool_list }),
      ),
    );
  });

  router.get('/api/projects/:projectId/auth-link', (req, res: Response<z.input<typeof AuthLinkInfo>>) => {
    const p = project(req);
    const linkId = nav.defaultLinkId(p.id);
    if (!linkId)
      throw new HttpError(
        'not_found',
        'In-Chat Authentication was never enabled in this project, so it has no default link',
      );
    res.json({
      id: linkId,
      url: nav.linkUrlFor(linkId),
      servers: nav
        .servers(p.id)
        .filter((s) => s.authLevel === 'user')
        .map((s) => s.name),
    });
  });

  router.get('/api/projects/:projectId/users/:userId/status', async (req, res: Response<AuthLinkResult>) => {
    const p = project(req);
    const userId = parse(UserId, req.params.userId, 'user id');
    if (!nav.user(userId)) throw new HttpError('not_found', `No user '${userId}'`);
    res.json(await nav.status(userId, p.id));
  });

  router.post(
    '/api/projects/:projectId/servers/:name/shared-credential',
    async (req, res: Response<z.input<typeof SharedCredentialStart>>) => {
      const p = project(req);
      const s = server(p.id, String(req.params.name));
      if (s.authLevel !== 'project') throw new HttpError('conflict', `'${s.name}' is not a project-level server`);
      // A one-time start link, not the downstream URL: the browser that opens it is the one that may finish.
      const { ticket, expiresInSeconds } = connector.issueSharedTicket(s);
      res.json({
        authorize_url: `${nav.publicUrl}/auth/shared?ticket=${encodeURIComponent(ticket)}`,
        expires_in: expiresInSeconds,
      });
    },
  );

  router.delete(
    '/api/projects/:projectId/users/:userId/credentials/:server',
    async (req, res: Response<z.input<typeof RemovedServer>>) => {
      const p = project(req);
      const userId = parse(UserId, req.params.userId, 'user id');
      const s = server(p.id, String(req.params.server));
      res.json(await nav.deleteCredential(userId, s));
    },
  );

  return router;
}
