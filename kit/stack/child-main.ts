/**
 * Child-process entry of `isolation: 'child-process'` (see child.ts): starts the mocks and the navigator
 * with `startStack` on the options in argv, and answers the parent's commands until it is stopped.
 */
import { startStack, type Stack } from '../stack.js';
import { serveParent } from './ipc.js';
import type { ChildStackOptions } from './options.js';
import type { ChildServices } from './child.js';

const options = JSON.parse(process.argv[2] ?? '{}') as ChildStackOptions;
let stack: Stack | undefined;

serveParent({
  start: async (): Promise<ChildServices> => {
    stack = await startStack({ ...options, parts: 'navigator', isolation: 'in-process' });
    return {
      navigatorUrl: stack.navigatorUrl,
      mockUrls: Object.fromEntries([...stack.mocks].map(([name, m]) => [name, m.url])),
      apiKey: stack.apiKey,
      adminKey: stack.adminKey,
      encryptionKey: stack.encryptionKey,
      dbPath: stack.dbPath,
    };
  },
  heldTokens: (arg) => started().heldTokens(arg as string[] | undefined),
  stopNavigator: () => started().stopNavigator(),
  restartNavigator: () => started().restartNavigator(),
});

function started(): Stack {
  if (!stack) throw new Error('the child stack is not started');
  return stack;
}

// serveParent exits on SIGTERM; close the servers first so their ports and the database are released.
process.removeAllListeners('SIGTERM');
process.once('SIGTERM', () => void (stack?.close() ?? Promise.resolve()).finally(() => process.exit(0)));
