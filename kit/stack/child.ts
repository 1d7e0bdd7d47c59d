/**
 * Parent side of `isolation: 'child-process'`: the mocks and the navigator run in a child process
 * (child-main.ts runs `startStack` there) and this side reaches them by URL and by IPC commands.
 */
import { fileURLToPath } from 'node:url';
import { startChild, type Child } from './ipc.js';
import type { ChildStackOptions } from './options.js';

export interface ChildServices {
  navigatorUrl: string;
  mockUrls: Record<string, string>;
  apiKey: string;
  adminKey: string;
  encryptionKey: string;
  dbPath: string;
}

export interface ChildStack {
  info: ChildServices;
  call<T>(cmd: 'heldTokens' | 'stopNavigator' | 'restartNavigator', arg?: unknown): Promise<T>;
  close(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./child-main.ts', import.meta.url));

export async function startChildStack(options: ChildStackOptions): Promise<ChildStack> {
  const child: Child = await startChild(MAIN, [JSON.stringify(options)]);
  try {
    const info = await child.call<ChildServices>('start');
    return { info, call: (cmd, arg) => child.call(cmd, arg), close: () => child.stop() };
  } catch (e) {
    await child.stop();
    throw e;
  }
}
