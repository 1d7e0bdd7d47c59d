/**
 * The services the agent talks to (mock Slack + Linear with admin on, the navigator seeded with the
 * demo project), started in this process or in a child process. The child process keeps them out
 * of reach of msw: msw clones every passthrough response, and the MCP SDK's `body.cancel()` on a
 * 202 then waits forever for the unread clone, so the navigator must not share a process with msw.
 */
import { startLinearServer } from '../../../mock-servers/linear/index.js';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { startNavigator, type NavigatorConfig } from '../../../server/navigator/app.js';
import { demoSeed, TEST_PASSWORD_HASH_COST } from '../navigator/demo-seed.js';

export interface ServicesSpec {
  dbPath: string;
  encryptionKey: string;
  adminKey: string;
  apiKey: string;
  inChatAuth: boolean;
}

export interface Services {
  slackUrl: string;
  linearUrl: string;
  navigatorUrl: string;
  /** Starts the navigator again on its port with the same database (a navigator restart). */
  restartNavigator(): Promise<void>;
  /** Stops the navigator (it stays down until restartNavigator). */
  stopNavigator(): Promise<void>;
  close(): Promise<void>;
}

export async function startServices(spec: ServicesSpec): Promise<Services> {
  const slack = await startSlackServer({ admin: true });
  const linear = await startLinearServer({ admin: true });
  const config: NavigatorConfig = {
    dbPath: spec.dbPath,
    encryptionKey: spec.encryptionKey,
    adminKey: spec.adminKey,
    passwordHashCost: TEST_PASSWORD_HASH_COST,
    seed: demoSeed({
      slackUrl: slack.url,
      linearUrl: linear.url,
      apiKey: spec.apiKey,
      inChatAuth: spec.inChatAuth,
      instanceName: 'Demo agent',
    }),
  };
  let navigator = await startNavigator(config);
  let running = true;
  return {
    slackUrl: slack.url,
    linearUrl: linear.url,
    get navigatorUrl() {
      return navigator.url;
    },
    async restartNavigator() {
      const port = navigator.port;
      if (running) await navigator.close();
      navigator = await startNavigator({ ...config, port });
      running = true;
    },
    async stopNavigator() {
      if (running) await navigator.close();
      running = false;
    },
    async close() {
      if (running) await navigator.close();
      await slack.close();
      await linear.close();
    },
  };
}
