/**
 * The agent server: sign-in for the chat page, `/api/chat` (AI SDK agent on the navigator's tools),
 * the user's status, a pass-through to the navigator settings API, the model list, and the web app's
 * build when present. `createAgentServer` builds the Express app; `startAgentServer` binds it.
 */
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import { resolve } from 'node:path';
import {
  DEFAULT_BODY_LIMIT,
  hostOriginGuard,
  jsonErrorHandler,
  listen,
  notFoundHandler,
  type RunningServer,
} from '../shared/http.js';
import { chatRoutes } from './chat.js';
import { ConversationStore } from './conversations.js';
import { conversationRoutes } from './conversations-routes.js';
import { withDefaults, type AgentConfig } from './config.js';
import { checkModelName, createModelResolver, listModels, type ModelSettings } from './models/index.js';
import { navigatorApiRoutes } from './navigator-api.js';
import { NavigatorSessions } from './navigator-sessions.js';
import { systemPromptFile } from './prompts/system-prompt.js';
import { securityHeaders } from './security-headers.js';
import { hasWebBuild, webAppRoutes } from './static.js';
import { TranscriptWriter } from './transcripts.js';
import { userSessions, type UserSessions } from './user-session.js';

export type { AgentConfig } from './config.js';

export interface AgentServer {
  app: Express;
  sessions: NavigatorSessions;
  transcripts: TranscriptWriter;
  /** Chat sign-in sessions (server-side, so sign-out ends them). */
  userSessions: UserSessions;
  /** Closes every open navigator session. */
  conversations: ConversationStore;
  /** Closes every open navigator session and the conversation store. */
  shutdown(): Promise<void>;
}

export interface RunningAgentServer extends RunningServer {
  sessions: NavigatorSessions;
  transcripts: TranscriptWriter;
  /** The resolved transcripts directory. */
  transcriptsDir: string;
}

/**
 * Builds the agent app. Throws a plain Error (no stack needed) when the default model cannot work,
 * e.g. `openai:*` without OPENAI_API_KEY, unless a custom `resolveModel` is given.
 */
export function createAgentServer(input: AgentConfig): AgentServer {
  const config = withDefaults(input);
  const modelSettings: ModelSettings = {
    openai: config.openai,
    demoChunkDelayMs: config.demoChunkDelayMs,
    demoClock: config.clock,
  };
  if (!config.resolveModel) checkModelName(config.defaultModel, modelSettings);
  const resolveModel = config.resolveModel ?? createModelResolver(modelSettings);

  const sessions = new NavigatorSessions({
    navigatorUrl: config.navigatorUrl,
    instanceId: config.instanceId,
    apiKey: config.navigatorApiKey,
    idleMs: config.conversationIdleMs,
    toolTimeoutMs: config.toolTimeoutMs,
    log: config.log,
    clock: config.clock,
  });
  const transcripts = new TranscriptWriter(config.transcriptsDir, config.log);
  const conversations = new ConversationStore(config.conversationsDbPath, config.maxConversationsPerUser);

  const accounts = userSessions({
    users: config.users,
    admins: config.admins,
    secureCookie: false,
    navigatorOrigin: new URL(config.navigatorPublicUrl).origin,
    limits: config.signInLimits,
    clock: config.clock,
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  // DNS-rebinding and cross-site guard when bound to loopback (a remote deployment's public names are not known here).
  if (['127.0.0.1', 'localhost', '::1'].includes(input.host ?? '127.0.0.1')) app.use(hostOriginGuard());
  app.use(cookieParser(config.sessionSecret));
  app.use(accounts.readSession);
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, service: 'agent' });
  });
  // The navigator pass-through reads its own raw body; everything else is JSON.
  app.use(
    navigatorApiRoutes({
      navigatorUrl: config.navigatorUrl,
      navigatorPublicUrl: config.navigatorPublicUrl,
      projectId: config.projectId,
      adminKey: config.navigatorAdminKey,
      timeoutMs: config.toolTimeoutMs,
    }),
  );
  app.use('/api', express.json({ limit: DEFAULT_BODY_LIMIT }));
  app.use(accounts.routes);
  app.get('/api/models', (_req, res) => {
    res.json(listModels(config.defaultModel, config.models, modelSettings));
  });
  app.use(
    chatRoutes({
      sessions,
      transcripts,
      conversations,
      systemPrompt: systemPromptFile(config.systemPromptPath),
      defaultModel: config.defaultModel,
      resolveModel,
      modelMaxRetries: config.modelMaxRetries,
      log: config.log,
    }),
  );
  app.use(conversationRoutes({ conversations, sessions }));
  app.use('/api', notFoundHandler);

  const dist = config.webDistDir ? resolve(config.webDistDir) : undefined;
  if (dist && hasWebBuild(dist)) app.use(webAppRoutes(dist));
  app.use(notFoundHandler);
  app.use(jsonErrorHandler(config.log));

  return {
    app,
    sessions,
    transcripts,
    userSessions: accounts,
    conversations,
    shutdown: async () => {
      await sessions.closeAll();
      conversations.close();
    },
  };
}

/** Starts the agent server on `config.port` (0 or unset = a free port). */
export async function startAgentServer(config: AgentConfig): Promise<RunningAgentServer> {
  const agent = createAgentServer(config);
  const running = await listen(agent.app, config.port ?? 0, config.host ?? '127.0.0.1');
  return {
    url: running.url,
    port: running.port,
    sessions: agent.sessions,
    transcripts: agent.transcripts,
    transcriptsDir: resolve(withDefaults(config).transcriptsDir),
    close: async () => {
      await agent.shutdown();
      await agent.transcripts.flush();
      await running.close();
    },
  };
}
