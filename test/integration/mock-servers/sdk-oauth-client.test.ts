/**
 * The MCP SDK's own OAuth client completes auth against each mock: discovery from the 401's
 * WWW-Authenticate, dynamic registration, PKCE, consent (driven by completeConsent), token exchange,
 * then tool calls; an expired access token is refreshed by the SDK on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { completeConsent } from '../../../kit/auth-browser.js';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { startLinearServer } from '../../../mock-servers/linear/index.js';
import { REDIRECT_URI, admin, textOf } from './helpers.js';

/** An in-memory OAuthClientProvider whose "browser" is completeConsent signing in as one account. */
class ConsentingProvider implements OAuthClientProvider {
  private info?: OAuthClientInformationMixed;
  private saved?: OAuthTokens;
  private verifier = '';
  /** The redirect the consent page sent the browser to. */
  lastRedirect?: URL;
  tokenSaves = 0;

  constructor(private readonly account: string) {}

  get redirectUrl(): string {
    return REDIRECT_URI;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'SDK OAuth test client',
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state(): string {
    return 'sdk-state';
  }
  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.info = info;
  }
  tokens(): OAuthTokens | undefined {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens): void {
    this.saved = tokens;
    this.tokenSaves++;
  }
  async redirectToAuthorization(url: URL): Promise<void> {
    this.lastRedirect = new URL(await completeConsent(url.href, { account: this.account }));
  }
  saveCodeVerifier(v: string): void {
    this.verifier = v;
  }
  codeVerifier(): string {
    return this.verifier;
  }
}

async function authorizeWithSdk(
  base: string,
  account: string,
): Promise<{ client: Client; provider: ConsentingProvider }> {
  const provider = new ConsentingProvider(account);
  const url = new URL(`${base}/mcp`);
  const first = new StreamableHTTPClientTransport(url, { authProvider: provider });
  await expect(new Client({ name: 'sdk-oauth', version: '1' }).connect(first)).rejects.toBeInstanceOf(
    UnauthorizedError,
  );
  expect(provider.lastRedirect?.searchParams.get('state')).toBe('sdk-state');
  const code = provider.lastRedirect?.searchParams.get('code');
  expect(code).toBeTruthy();
  await first.finishAuth(code ?? '');
  const client = new Client({ name: 'sdk-oauth', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
  return { client, provider };
}

describe('MCP SDK OAuth client against the mocks', () => {
  let slack: Awaited<ReturnType<typeof startSlackServer>>;
  let linear: Awaited<ReturnType<typeof startLinearServer>>;
  beforeAll(async () => {
    [slack, linear] = await Promise.all([startSlackServer({ admin: true }), startLinearServer({ admin: true })]);
  });
  afterAll(async () => {
    await Promise.all([slack.close(), linear.close()]);
  });

  it('completes auth with mock Slack and reads the signed-in account’s DMs', async () => {
    const { client } = await authorizeWithSdk(slack.url, 'alice');
    const dms = textOf(await client.callTool({ name: 'read_direct_messages', arguments: { with: 'dana' } }));
    expect(dms).toContain('INC-232');
    await client.close();
  });

  it('completes auth with mock Linear and resolves assignee "me" to the signed-in account', async () => {
    const { client } = await authorizeWithSdk(linear.url, 'bob');
    const mine = await client.callTool({ name: 'list_issues', arguments: { assignee: 'me' } });
    const issues = (mine.structuredContent as { issues: { assignee: string }[] }).issues;
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.assignee === 'bob')).toBe(true);
    const created = await client.callTool({
      name: 'create_issue',
      arguments: { team: 'ENG', title: 'Filed through the SDK', assignee: 'me' },
    });
    expect(created.structuredContent).toMatchObject({ issue: { creator: 'bob', assignee: 'bob' } });
    await client.close();
  });

  it('refreshes an expired access token by itself and keeps working', async () => {
    const { client, provider } = await authorizeWithSdk(linear.url, 'carol');
    const saves = provider.tokenSaves;
    await admin(linear.url, 'POST', '/admin/tokens/expire', { account: 'carol' });
    const result = await client.callTool({ name: 'get_issue', arguments: { id: 'OPS-6' } });
    expect(textOf(result)).toContain('On-call handbook refresh');
    expect(provider.tokenSaves).toBeGreaterThan(saves);
    await client.close();
  });
});
