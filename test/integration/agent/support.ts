/**
 * Test helpers for the agent server, over the kit's stack (kit/stack.ts): the user's out-of-band step
 * through the kit's AuthBrowser (guided flow, real OAuth consent on each mock). The chat client is the
 * kit's (kit/chat-client.ts).
 */
import { authLinksIn } from '../../../server/shared/auth-link.js';
import { AuthBrowser, pageMessage } from '../../../kit/auth-browser.js';
import { startStack, type Stack, type StackOptions } from '../../../kit/stack.js';
import type { AgentConfig } from '../../../server/agent/app.js';

/** The agent tests' stack: the kit's stack with the agent and a database file (restartable navigator). */
export function startAgentStack(agent: Partial<AgentConfig> = {}, opts: StackOptions = {}): Promise<Stack> {
  return startStack({ parts: 'agent', db: 'temp-dir', ...opts, agent });
}

/** The user's out-of-band step (the harness's browser): open the link, sign in, connect each server through its own OAuth consent. */
export async function authenticateViaLink(link: string, user: string, servers: string[]): Promise<void> {
  const browser = new AuthBrowser(new URL(link).origin);
  await browser.signIn(link, user, user);
  for (const server of servers) {
    const landing = await browser.connect(server, user, 'allow');
    if (landing.status !== 200 || /declined|failed/i.test(pageMessage(landing.text)))
      throw new Error(`connecting ${server} ended on HTTP ${landing.status}: ${pageMessage(landing.text)}`);
  }
}

/** The first navigator auth link in a text or tool output. */
export function findAuthLink(value: unknown): string | undefined {
  return authLinksIn(typeof value === 'string' ? value : JSON.stringify(value))[0];
}
