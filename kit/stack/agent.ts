/** The agent server's config for a stack: pointed at the stack's navigator, with the caller's overrides last. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AgentConfig } from '../../server/agent/config.js';
import { runs, type StackOptions } from './options.js';
import { ensureWebBuild, WEB_DIST } from './web.js';

export function agentConfig(
  o: StackOptions,
  k: { apiKey: string; adminKey: string; projectId: string; instanceId: string; navigatorUrl: string; dir: string },
  log: (line: string) => void,
): AgentConfig {
  const web = runs(o, 'web');
  if (web) ensureWebBuild();
  return {
    navigatorUrl: k.navigatorUrl,
    navigatorApiKey: k.apiKey,
    navigatorAdminKey: k.adminKey,
    ...(k.projectId !== 'demo' ? { projectId: k.projectId } : {}),
    ...(k.instanceId !== 'demo' ? { instanceId: k.instanceId } : {}),
    sessionSecret: randomBytes(16).toString('hex'),
    transcriptsDir: join(k.dir, 'transcripts'),
    // Browser tests see the app as users do (streamed chunks, model retries); the others run without pauses.
    ...(web ? { webDistDir: WEB_DIST, defaultModel: 'demo' } : { demoChunkDelayMs: 0, modelMaxRetries: 0 }),
    log,
    ...o.agent,
  };
}
