/**
 * Connects a navigator user to a mock server the way a person would: the guided flow over HTTP
 * (sign in, Connect, the mock's consent page, the OAuth callback), with the harness's AuthBrowser.
 */
import { AuthBrowser } from '../harness/auth-browser.js';

export async function connectUser(navigatorUrl: string, linkUrl: string, user: string, servers: readonly string[]): Promise<void> {
  const browser = new AuthBrowser(navigatorUrl);
  await browser.signIn(linkUrl, user);
  for (const server of servers) {
    const page = await browser.connect(server, user);
    if (page.status !== 200) throw new Error(`connecting ${server} for ${user} ended with HTTP ${page.status}`);
  }
}
