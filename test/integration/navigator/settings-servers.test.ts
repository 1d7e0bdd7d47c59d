/**
 * Settings API, server instances: validation messages that name the field, OAuth settings discovered
 * from metadata (RFC 9728 protected resource -> RFC 8414 authorization server, path-inserted
 * well-known URLs), clear errors when discovery fails, and removal taking its credentials along.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthLinkResult } from '../../../server/shared/contracts.js';
import { startStack, type Stack } from '../../../kit/stack.js';
import { ErrorBody } from '../../../server/shared/contracts.js';

let stack: Stack | undefined;
const servers: Server[] = [];
afterEach(async () => {
  await stack?.close();
  stack = undefined;
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const errorOf = (body: unknown) => ErrorBody.parse(body).error;

/**
 * A tiny HTTP server answering JSON for exact paths (`POST /path` keys answer POSTs with 201) and 404
 * HTML otherwise; returns its base URL.
 */
async function metadataServer(routes: (base: string) => Record<string, unknown>): Promise<string> {
  let table: Record<string, unknown> = {};
  const server = createServer((req, res) => {
    const post = req.method === 'POST';
    const body = table[post ? `POST ${req.url ?? ''}` : (req.url ?? '')];
    req.resume();
    if (body === undefined) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    res.writeHead(post ? 201 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = routes(base);
  return base;
}

describe('settings API: server instances', () => {
  it('names every failing field in a 400 JSON error', async () => {
    stack = await startStack();
    const bad = await stack.api('POST', '/api/projects/demo/servers', {
      name: 'Bad Name',
      display_name: '',
      mcp_url: 'ftp://x',
      auth_level: 'root',
    });
    expect(bad.status).toBe(400);
    const msg = errorOf(bad.body).message;
    expect(errorOf(bad.body).code).toBe('bad_request');
    expect(msg).toMatch(/name: server names are lower-case slugs/);
    expect(msg).toMatch(/display_name: .*>=1 characters/);
    expect(msg).toMatch(/mcp_url: mcp_url must be http\(s\)/);
    expect(msg).toMatch(/auth_level: .*"user"\|"project"\|"none"/);

    const missing = await stack.api('POST', '/api/projects/demo/servers', { name: 'x' });
    expect(errorOf(missing.body).message).toMatch(/display_name: .*received undefined.*mcp_url: .*auth_level: /);
    const noBody = await stack.api('POST', '/api/projects/demo/servers');
    expect(noBody.status).toBe(400);
    expect(errorOf(noBody.body).message).toMatch(/^body: .*expected object/);
    const extra = await stack.api('PATCH', '/api/projects/demo/servers/slack', { auth_level: 'user', colour: 'red' });
    expect(extra.status).toBe(400);
    expect(errorOf(extra.body).message).toMatch(/body: Unrecognized key.*colour/);
    const toggle = await stack.api('PUT', '/api/instances/demo/in-chat-auth', { enabled: 'yes' });
    expect(errorOf(toggle.body).message).toMatch(/^enabled: .*expected boolean/);
    const instance = await stack.api('POST', '/api/projects/demo/instances', { id: 'Has Spaces', name: '' });
    expect(errorOf(instance.body).message).toMatch(/id: instance ids are lower-case.*name: /);
    const user = await stack.api('GET', '/api/projects/demo/users/NOT!OK/status');
    expect(user.status).toBe(400);
    expect(errorOf(user.body).message).toMatch(/^user id: user ids are lower-case/);
  });

  it('discovers OAuth through RFC 9728 then RFC 8414 metadata, with path-inserted well-known URLs and a separate issuer', async () => {
    stack = await startStack();
    // The authorization server lives under a path on its own origin, with its endpoints on that origin.
    const issuerBase = await metadataServer((base) => ({
      '/.well-known/oauth-authorization-server/tenant-1': {
        issuer: `${base}/tenant-1`,
        authorization_endpoint: `${base}/tenant-1/authorize`,
        token_endpoint: `${base}/tenant-1/token`,
        registration_endpoint: `${base}/tenant-1/register`,
        code_challenge_methods_supported: ['S256'],
      },
      'POST /tenant-1/register': {
        client_id: 'team-client',
        client_secret: 'team-secret',
        client_secret_expires_at: 0,
        token_endpoint_auth_method: 'client_secret_post',
      },
    }));
    const resourceBase = await metadataServer((base) => ({
      '/.well-known/oauth-protected-resource/team/mcp': {
        resource: `${base}/team/mcp`,
        authorization_servers: [`${issuerBase}/tenant-1`],
        scopes_supported: ['read', 'write'],
      },
    }));
    const added = await stack.api('POST', '/api/projects/demo/servers', {
      name: 'team',
      display_name: 'Team',
      mcp_url: `${resourceBase}/team/mcp`,
      auth_level: 'user',
    });
    expect(added.status, added.text).toBe(201);
    const oauth = stack.navigator.testing.server('demo', 'team')?.oauth;
    expect(oauth).toMatchObject({
      issuer: `${issuerBase}/tenant-1`,
      authorization_endpoint: `${issuerBase}/tenant-1/authorize`,
      token_endpoint: `${issuerBase}/tenant-1/token`,
      resource: `${resourceBase}/team/mcp`,
      scope: 'read write',
      redirect_uri: `${stack.navigator.url}/auth/callback`,
      client_id: 'team-client',
    });
    expect(JSON.stringify(added.body)).not.toContain('team-secret');
  });

  it('answers 422 with one generic text when metadata cannot be discovered, whatever the port did, and adds nothing', async () => {
    stack = await startStack();
    const add = (name: string, mcpUrl: string) =>
      stack!.api('POST', '/api/projects/demo/servers', {
        name,
        display_name: name,
        mcp_url: mcpUrl,
        auth_level: 'user',
      });
    const plain = await metadataServer(() => ({}));
    const noPrm = await add('plain', `${plain}/mcp`);
    expect(noPrm.status).toBe(422);
    expect(errorOf(noPrm.body).message).toBe(
      `Could not set up OAuth for ${plain}/mcp: no usable OAuth protected-resource metadata (RFC 9728) for ${plain}/mcp. Nothing was added.`,
    );

    const halfway = await metadataServer((base) => ({
      '/.well-known/oauth-protected-resource': { resource: `${base}/mcp`, authorization_servers: [`${base}/as`] },
    }));
    const noAs = await add('halfway', `${halfway}/mcp`);
    expect(noAs.status).toBe(422);
    expect(errorOf(noAs.body).message).toMatch(
      /no usable OAuth authorization-server metadata \(RFC 8414\) for http:\/\/127\.0\.0\.1:\d+\/as/,
    );

    // A closed port reads exactly like a port that answered 404: the text does not tell them apart.
    const down = await add('down', 'http://127.0.0.1:9/mcp');
    expect(down.status).toBe(422);
    expect(errorOf(down.body).message).toBe(
      'Could not set up OAuth for http://127.0.0.1:9/mcp: no usable OAuth protected-resource metadata (RFC 9728) for http://127.0.0.1:9/mcp. Nothing was added.',
    );
    expect(stack.navigator.testing.servers('demo').map((s) => s.name)).toEqual(['slack', 'linear']);

    // A no-auth server needs no metadata.
    expect(
      (
        await stack.api('POST', '/api/projects/demo/servers', {
          name: 'open',
          display_name: 'Open',
          mcp_url: `${plain}/mcp`,
          auth_level: 'none',
        })
      ).status,
    ).toBe(201);
  });

  it("removing a server deletes every user's credential for it; a server re-added under the same name starts unconnected", async () => {
    stack = await startStack();
    await stack.connect('alice', ['slack', 'linear']);
    await stack.connect('bob', ['slack']);
    const slackId = stack.navigator.testing.server('demo', 'slack')?.id;
    const count = (serverId: number | undefined) => stack!.navigator.testing.credentialCount({ serverId });
    expect(count(slackId)).toBe(2);
    const alice = await stack.mcpClient('alice');
    expect((await alice.callTool({ name: 'slack__list_channels', arguments: {} })).isError).toBeFalsy();

    expect((await stack.api('DELETE', '/api/projects/demo/servers/slack')).status).toBe(200);
    expect(count(slackId)).toBe(0);
    expect(stack.navigator.testing.credentialStates('alice', 'demo').size).toBe(1);
    const gone = await alice.callTool({ name: 'slack__list_channels', arguments: {} });
    expect(gone.isError).toBe(true);
    expect(JSON.stringify(gone.content)).toMatch(/no MCP server named 'slack'/);

    const readded = await stack.api('POST', '/api/projects/demo/servers', {
      name: 'slack',
      display_name: 'Slack',
      mcp_url: `${stack.slack.url}/mcp`,
      auth_level: 'user',
    });
    expect(readded.status).toBe(201);
    expect(stack.navigator.testing.server('demo', 'slack')?.id).not.toBe(slackId);
    const s = AuthLinkResult.parse(
      (await alice.callTool({ name: 'get_authentication_link', arguments: {} })).structuredContent,
    );
    expect(s.unauthenticated_servers).toEqual(['slack']);
  });
});
