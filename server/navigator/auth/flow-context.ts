/**
 * Which flow a request belongs to: an auth link (`auth_link_id`), a project's connections page
 * (`project_id`) or one URL-mode elicitation (`elicitation_id`). The link only names a project;
 * who may use it is decided after sign-in.
 */
import { z } from 'zod';
import type { NavigatorService } from '../service.js';
import type { Elicitations } from '../mcp/elicitations.js';
import type { FlowContext } from './pages.js';
import type { BackLink } from './page-response.js';

/** The flow's identifiers, as query parameters (GET) or hidden form fields (POST). */
export const ContextInput = z.object({
  auth_link_id: z.string().max(200).optional(),
  project_id: z.string().max(200).optional(),
  elicitation_id: z.string().max(100).optional(),
});

/** The flow, or the page that says why there is none. */
export type ContextResult =
  { ok: true; ctx: FlowContext } | { ok: false; title: string; message: string; back?: BackLink };

export function resolveContext(
  nav: NavigatorService,
  elicitations: Elicitations | undefined,
  input: z.infer<typeof ContextInput>,
): ContextResult {
  if (input.elicitation_id) return elicitationContext(nav, elicitations, input.elicitation_id);
  if (input.auth_link_id) {
    const project = nav.projectOfLink(input.auth_link_id);
    if (!project)
      return {
        ok: false,
        title: 'Unknown link',
        message: 'This authentication link does not exist. Ask your assistant for a new one.',
      };
    if (!nav.linkActive(project.id)) {
      // The project's own connections page works with the feature off: that is the way on.
      return {
        ok: false,
        title: 'Link turned off',
        message:
          "In-Chat Authentication is turned off for this project, so this link is disabled. You can still connect your accounts on the project's connections page.",
        back: { href: `/auth?project_id=${encodeURIComponent(project.id)}`, label: 'Connect your accounts' },
      };
    }
    return {
      ok: true,
      ctx: {
        projectId: project.id,
        projectName: project.name,
        linkId: input.auth_link_id,
        backPath: `/auth?auth_link_id=${encodeURIComponent(input.auth_link_id)}`,
      },
    };
  }
  if (input.project_id) {
    const project = nav.project(input.project_id);
    if (!project) return { ok: false, title: 'Unknown project', message: 'There is no such project.' };
    return {
      ok: true,
      ctx: {
        projectId: project.id,
        projectName: project.name,
        backPath: `/auth?project_id=${encodeURIComponent(project.id)}`,
      },
    };
  }
  return {
    ok: false,
    title: 'Missing link',
    message: 'Open the full authentication link your assistant shared (it ends with ?auth_link_id=...).',
  };
}

/** The page of one URL-mode elicitation: one server, for the MCP session's user only. */
function elicitationContext(nav: NavigatorService, elicitations: Elicitations | undefined, id: string): ContextResult {
  const pending = elicitations?.get(id);
  const project = pending ? nav.project(pending.projectId) : undefined;
  const server = pending && project ? nav.server(project.id, pending.serverName) : undefined;
  if (!pending || !project || !server || server.id !== pending.serverId) {
    return {
      ok: false,
      title: 'Request expired',
      message: 'This connection request is unknown or expired. Ask your assistant again to get a new one.',
    };
  }
  return {
    ok: true,
    ctx: {
      projectId: project.id,
      projectName: project.name,
      backPath: `/auth?elicitation_id=${encodeURIComponent(id)}`,
      elicitation: { id, serverName: server.name, forUser: pending.userId },
    },
  };
}
