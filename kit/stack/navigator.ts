/**
 * The stack's navigator: its config (keys, database, the seed built from the stack's mocks), and the
 * running navigator, stoppable and restartable on the same port with the same database and keys (a
 * navigator restart as operators do it).
 */
import { startNavigator, type RunningNavigator } from '../../server/navigator/app.js';
import type { NavigatorConfig } from '../../server/navigator/config.js';
import { authLevelOf, displayNameOf, type StackMock } from './mocks.js';
import type { StackOptions } from './options.js';
import { CHEAP_SCRYPT_N, stackSeed } from './seed.js';

export class NavigatorPart {
  private current: RunningNavigator;
  private running = true;

  private constructor(
    private readonly config: NavigatorConfig,
    first: RunningNavigator,
  ) {
    this.current = first;
  }

  static async start(config: NavigatorConfig): Promise<NavigatorPart> {
    return new NavigatorPart(config, await startNavigator(config));
  }

  /** The navigator now running (a new object after each restart). */
  get navigator(): RunningNavigator {
    return this.current;
  }

  get url(): string {
    return this.current.url;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.current.close();
  }

  /** Stops the navigator (if it runs) and starts it again on its port; the seed is skipped on a kept database. */
  async restart(): Promise<void> {
    if (this.config.dbPath === ':memory:')
      throw new Error(
        'a navigator restart keeps nothing on an in-memory database: start the stack with db: "temp-dir"',
      );
    const port = this.current.port;
    await this.stop();
    this.current = await startNavigator({ ...this.config, port });
    this.running = true;
  }

  close(): Promise<void> {
    return this.stop();
  }
}

/** The navigator's config for a stack: its keys and database, a seed from its mocks, then the caller's overrides. */
export function navigatorConfig(
  o: StackOptions,
  k: {
    apiKey: string;
    adminKey: string;
    encryptionKey: string;
    dbPath: string;
    projectId: string;
    instanceId: string;
    users: readonly string[];
  },
  mocks: readonly StackMock[],
  log: (line: string) => void,
): NavigatorConfig {
  return {
    dbPath: k.dbPath,
    encryptionKey: k.encryptionKey,
    adminKey: k.adminKey,
    downstreamTimeoutMs: o.downstreamTimeoutMs ?? 5_000,
    ...(o.sessionIdleMs !== undefined ? { sessionIdleMs: o.sessionIdleMs } : {}),
    log,
    seed: stackSeed({
      servers: mocks.map((m) => ({
        name: m.spec.name,
        displayName: displayNameOf(m.spec),
        url: m.url,
        authLevel: authLevelOf(m.spec, o.authLevels?.[m.spec.name]),
      })),
      apiKey: k.apiKey,
      projectId: k.projectId,
      projectName: o.project?.name,
      instanceId: k.instanceId,
      instanceName: o.instance?.name,
      inChatAuth: o.inChatAuth,
      users: k.users,
    }),
    // Sign-in is verified for real, at a fraction of the production scrypt cost (N is read from the hash).
    passwordHashCost: CHEAP_SCRYPT_N,
    ...o.navigator,
  };
}
