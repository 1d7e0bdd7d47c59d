/**
 * The stack's navigator: started from one config, stoppable and restartable on the same port with the
 * same database and keys (a navigator restart as operators do it).
 */
import { startNavigator, type RunningNavigator } from '../../server/navigator/app.js';
import type { NavigatorConfig } from '../../server/navigator/config.js';

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
