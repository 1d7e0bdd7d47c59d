/**
 * What the navigator tells open MCP sessions when things change outside them: the tool list after
 * In-Chat Authentication was switched (always), `notifications/elicitation/complete` when the guided
 * flow stored the credential an elicitation asked for, and, with the instance's live tool list on,
 * the tool list after the user (or the project, for a shared credential) gained or lost a server.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { NavigatorService } from '../service.js';
import { PROJECT_OWNER } from '../store/store.js';
import type { Elicitations } from './elicitations.js';
import type { SessionTools, ToolSession } from './tools.js';

export interface NotifiedSession extends ToolSession {
  server: Server;
}

export interface SessionEventsOptions {
  nav: NavigatorService;
  tools: SessionTools;
  elicitations?: Elicitations;
  /** The initialized sessions, and one by id. */
  sessions: () => Iterable<NotifiedSession>;
  session: (id: string) => NotifiedSession | undefined;
}

function sameServers(a: ToolSession['startServers'], b: ToolSession['startServers']): boolean {
  return a.length === b.length && a.every((s, i) => s.name === b[i]?.name && s.displayName === b[i]?.displayName);
}

/** Subscribes to the service's changes; returns the unsubscriber. */
export function watchSessionEvents(opts: SessionEventsOptions): () => void {
  const { nav, tools, elicitations } = opts;
  const offInstance = nav.onInstanceChange((instanceId) => {
    for (const s of opts.sessions()) {
      if (s.instanceId === instanceId) s.server.sendToolListChanged().catch(() => {});
    }
  });
  const offCredentials = nav.onCredentialChange((owner, serverId) => {
    const valid = nav.hasValidCredential(owner, serverId);
    // The guided flow stored what an elicitation asked for: tell the session that asked (SEP-1036).
    if (valid && elicitations) {
      for (const p of elicitations.takeSatisfied(owner, serverId)) {
        opts
          .session(p.sessionId)
          ?.server.createElicitationCompletionNotifier(p.id)()
          .catch(() => {});
      }
    }
    for (const s of opts.sessions()) {
      if (owner !== s.userId && owner !== PROJECT_OWNER) continue;
      if (!nav.instance(s.instanceId)?.liveToolList) continue;
      if (!nav.servers(s.projectId).some((x) => x.id === serverId)) continue;
      const now = tools.usableNow(s);
      if (sameServers(now, s.startServers)) continue;
      s.startServers = now;
      s.server.sendToolListChanged().catch(() => {});
    }
  });
  return () => {
    offInstance();
    offCredentials();
  };
}
