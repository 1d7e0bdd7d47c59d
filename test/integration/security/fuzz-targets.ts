/**
 * The fuzzed endpoints: the navigator's MCP endpoint, its settings API, its auth pages and OAuth
 * callback, and the mock servers' OAuth endpoints. Each `fuzz...` runs `runs` random requests against
 * a running stack and checks every answer with `checkAnswer`.
 */
import fc from 'fast-check';
import type { Stack } from '../../../kit/stack.js';
import { anyJson, checkAnswer, fields, headerValue, nasty, segment } from './fuzz-support.js';
import { rawRequest, type RawResponse } from './raw-http.js';

const METHODS = [
  'initialize',
  'tools/list',
  'tools/call',
  'ping',
  'resources/list',
  'prompts/get',
  'notifications/initialized',
  'notifications/cancelled',
  'completion/complete',
  'logging/setLevel',
];
const TOOLS = [
  'get_authentication_link',
  'list_server_tools',
  'call_server_tool',
  'slack__post_message',
  'slack__search_messages',
  'linear__create_issue',
  'linear__get_issue',
  'nope__x',
  'slack__nope',
];
const PROTOCOL = '2025-06-18';
const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
};

const settle = { numRuns: 0, endOnFailure: true } as const;

/** Opens a raw MCP session for alice and returns its id. */
export async function openSession(s: Stack): Promise<string> {
  const r = await rawRequest(s.mcpUrl, {
    method: 'POST',
    headers: {
      ...s.mcpHeaders('alice'),
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify(INIT),
  });
  const sid = r.headers['mcp-session-id'];
  if (r.status !== 200 || typeof sid !== 'string') throw new Error(`initialize failed: HTTP ${r.status} ${r.text}`);
  return sid;
}

/** Params of a JSON-RPC message: any JSON, or a tool name (known or nasty) with any arguments. */
export const rpcParams = fc.oneof(
  anyJson,
  fc.record({
    name: fc.oneof(fc.constantFrom(...TOOLS), nasty),
    arguments: fc.oneof(anyJson, fc.dictionary(nasty, anyJson, { maxKeys: 4 })),
  }),
);

const rpcMessage = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), nasty),
    id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), anyJson),
    method: fc.oneof(fc.constantFrom(...METHODS), nasty),
    params: rpcParams,
  },
  { requiredKeys: [] },
);

/** Stands for the stack's instance key in an `McpCase` (each stack has its own). */
export const API_KEY = '$apiKey';

/** Hostile headers and bodies for the navigator MCP endpoint, with and without a live session. */
export const mcpCase = fc.record({
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'DELETE', 'PUT', 'PATCH', 'OPTIONS'),
  auth: fc.oneof(
    fc.constant(`Bearer ${API_KEY}`),
    fc.constant(`Bearer ${API_KEY}`),
    headerValue,
    fc.constant(undefined),
  ),
  user: fc.oneof(fc.constantFrom('alice', 'bob', 'mallory', 'ALICE'), headerValue, fc.constant(undefined)),
  session: fc.oneof(fc.constant(undefined), fc.constant('live'), fc.constant('fresh'), headerValue),
  accept: fc.oneof(fc.constant('application/json, text/event-stream'), headerValue, fc.constant(undefined)),
  contentType: fc.oneof(
    fc.constant('application/json'),
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'),
    headerValue,
  ),
  protocol: fc.oneof(fc.constant(PROTOCOL), headerValue, fc.constant(undefined)),
  instance: fc.oneof(fc.constant('demo'), segment('demo', 'other')),
  body: fc.oneof(
    rpcMessage.map((m) => JSON.stringify(m)),
    fc.array(rpcMessage, { maxLength: 3 }).map((m) => JSON.stringify(m)),
    anyJson.map((v) => JSON.stringify(v)),
    nasty,
  ),
});
export type McpCase = typeof mcpCase extends fc.Arbitrary<infer T> ? T : never;

/** Sends one case to stack `s`; `sid` is the stack's live session (a DELETE of it gets a fresh one instead). */
export async function sendMcpCase(s: Stack, q: McpCase, sid: string): Promise<RawResponse> {
  const headers: Record<string, string> = { 'content-type': q.contentType };
  if (q.auth !== undefined) headers.authorization = q.auth.replace(API_KEY, s.apiKey);
  if (q.user !== undefined) headers['x-navigator-user'] = q.user;
  if (q.accept !== undefined) headers.accept = q.accept;
  if (q.protocol !== undefined) headers['mcp-protocol-version'] = q.protocol;
  // DELETE of the shared live session would end it for later cases: those get a fresh one.
  if (q.session === 'live' && q.method !== 'DELETE') headers['mcp-session-id'] = sid;
  else if (q.session === 'fresh' || q.session === 'live') headers['mcp-session-id'] = await openSession(s);
  else if (q.session !== undefined) headers['mcp-session-id'] = q.session;
  return rawRequest(`${s.navigator.url}/mcp/${q.instance}`, {
    method: q.method,
    headers,
    body: ['GET', 'DELETE', 'OPTIONS'].includes(q.method) ? undefined : q.body,
  });
}

/** The navigator MCP endpoint: hostile headers and bodies, with and without a live session. */
export async function fuzzMcp(s: Stack, runs: number, seed?: number): Promise<void> {
  const sid = await openSession(s);
  await fc.assert(
    fc.asyncProperty(mcpCase, async (q) => {
      const r = await sendMcpCase(s, q, sid);
      checkAnswer(`${q.method} /mcp/${q.instance}`, r, 'jsonrpc');
    }),
    { ...settle, numRuns: runs, seed },
  );
  const health = await rawRequest(`${s.navigator.url}/healthz`);
  if (health.status !== 200) throw new Error('navigator unhealthy after MCP fuzzing');
}

/** The settings API: every route with hostile path segments, bodies and keys. */
export async function fuzzSettings(s: Stack, runs: number, seed?: number): Promise<void> {
  const p = segment('demo');
  const srv = segment('slack', 'linear', 'fuzzsrv');
  const usr = segment('alice', 'bob');
  const route = fc.oneof(
    fc.tuple(fc.constant('GET'), p).map(([m, a]) => [m, `/api/projects/${a}`]),
    fc.tuple(fc.constant('POST'), p).map(([m, a]) => [m, `/api/projects/${a}/servers`]),
    fc
      .tuple(fc.constantFrom('PATCH', 'DELETE', 'GET'), p, srv)
      .map(([m, a, b]) => [m, `/api/projects/${a}/servers/${b}`]),
    fc.tuple(fc.constant('POST'), p).map(([m, a]) => [m, `/api/projects/${a}/instances`]),
    fc
      .tuple(fc.constantFrom('PUT', 'GET'), segment('demo', 'other'))
      .map(([m, a]) => [m, `/api/instances/${a}/in-chat-auth`]),
    fc.tuple(fc.constant('GET'), p).map(([m, a]) => [m, `/api/projects/${a}/auth-link`]),
    fc.tuple(fc.constant('GET'), p, usr).map(([m, a, b]) => [m, `/api/projects/${a}/users/${b}/status`]),
    fc.tuple(fc.constant('POST'), p, srv).map(([m, a, b]) => [m, `/api/projects/${a}/servers/${b}/shared-credential`]),
    fc
      .tuple(fc.constant('DELETE'), p, usr, srv)
      .map(([m, a, b, c]) => [m, `/api/projects/${a}/users/${b}/credentials/${c}`]),
    fc.tuple(fc.constantFrom('GET', 'POST', 'DELETE'), segment('x')).map(([m, a]) => [m, `/api/${a}`]),
  );
  const closed = 'http://127.0.0.1:9/mcp';
  const body = fc.oneof(
    fc.constant(undefined),
    anyJson.map((v) => JSON.stringify(v)),
    fields({
      name: ['fuzzsrv', 'slack'],
      display_name: ['Fuzz'],
      mcp_url: [closed, `${s.linear.url}/mcp`],
      auth_level: ['user', 'project', 'none'],
      id: ['fuzz-instance'],
      enabled: [],
    }).map((o) => JSON.stringify(o)),
    fc.record({ enabled: fc.oneof(fc.boolean(), anyJson) }).map((o) => JSON.stringify(o)),
    nasty,
  );
  const key = fc.oneof(
    fc.constant(`Bearer ${s.adminKey}`),
    fc.constant(`Bearer ${s.adminKey}`),
    fc.constant(`Bearer ${s.adminKey}`),
    headerValue,
    fc.constant(undefined),
  );
  await fc.assert(
    fc.asyncProperty(route, body, key, async ([method, path], b, k) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (k !== undefined) headers.authorization = k;
      const r = await rawRequest(`${s.navigator.url}${path}`, {
        method,
        headers,
        body: method === 'GET' ? undefined : b,
      });
      checkAnswer(`${method} ${path}`, r, 'json', [s.slack.url, s.linear.url]);
    }),
    { ...settle, numRuns: runs, seed },
  );
}

/** The guided flow pages and the OAuth callback, anonymous or with a real (signed-in) browser session. */
export async function fuzzAuthPages(s: Stack, runs: number, seed?: number): Promise<void> {
  const link = s.navigator.service.activeLinkUrl('demo') ?? '';
  const linkId = new URL(link).searchParams.get('auth_link_id') ?? '';
  const path = fc.oneof(
    fc.constantFrom(
      '/auth',
      '/auth/sign-in',
      '/auth/sign-out',
      '/auth/callback',
      '/auth/connect/slack',
      '/auth/connect/linear',
    ),
    segment('slack', 'linear').map((x) => `/auth/connect/${x}`),
    segment('x').map((x) => `/auth/${x}`),
  );
  const query = fields({
    auth_link_id: [linkId],
    project_id: ['demo'],
    state: [],
    code: [],
    error: ['access_denied', 'server_error'],
    error_description: [],
  });
  const form = fields({
    csrf_token: ['$csrf'],
    auth_link_id: [linkId],
    project_id: ['demo'],
    user: ['alice', 'bob', 'carol'],
    password: ['alice', 'wrong'],
  });
  const c = fc.record({
    path,
    method: fc.constantFrom('GET', 'POST', 'POST', 'PUT'),
    query,
    form,
    session: fc.constantFrom('none', 'anonymous', 'signed-in'),
    rawType: fc.option(headerValue, { nil: undefined }),
  });
  await fc.assert(
    fc.asyncProperty(c, async (q) => {
      const b = s.browser();
      let csrf = '';
      if (q.session !== 'none') {
        await b.open(link);
        if (q.session === 'signed-in')
          await b
            .request('/auth/sign-in', { form: { ...b.formContext(), user: 'carol', password: 'carol' } })
            .then(() => b.open(link));
        csrf = b.hidden('csrf_token');
      }
      const formBody = Object.fromEntries(Object.entries(q.form).map(([k, v]) => [k, v === '$csrf' ? csrf : v]));
      const url = `${q.path}?${new URLSearchParams(q.query).toString()}`;
      const cookie = (await b.request('/healthz')).headers.get('set-cookie');
      void cookie;
      let r;
      if (q.rawType !== undefined) {
        r = await rawRequest(`${s.navigator.url}${url}`, {
          method: q.method,
          headers: { 'content-type': q.rawType },
          body: new URLSearchParams(formBody).toString(),
        });
      } else {
        const res = await b.request(url, q.method === 'GET' ? {} : { method: q.method, form: formBody });
        r = {
          status: res.status,
          headers: Object.fromEntries(res.headers),
          text: res.text,
          json: typeof res.body === 'string' ? undefined : res.body,
        };
      }
      checkAnswer(`${q.method} ${q.path}`, r, 'page', [s.slack.url, s.linear.url]);
    }),
    { ...settle, numRuns: runs, seed },
  );
}

/** The mock servers' OAuth endpoints: registration, authorize, consent decision, token, revoke, metadata. */
export async function fuzzMockOAuth(s: Stack, runs: number, seed?: number): Promise<void> {
  const redirect = 'http://127.0.0.1:9/cb';
  const clients = new Map<string, string>();
  for (const m of [s.slack, s.linear]) {
    const r = await rawRequest(`${m.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'fuzz', redirect_uris: [redirect], token_endpoint_auth_method: 'none' }),
    });
    clients.set(m.url, String((r.json as { client_id?: string }).client_id));
  }
  const mock = fc.constantFrom(s.slack.url, s.linear.url);
  const c = fc.oneof(
    fc.record({
      kind: fc.constant('register' as const),
      body: fc.oneof(
        anyJson.map((v) => JSON.stringify(v)),
        fc
          .record(
            {
              redirect_uris: fc.array(fc.oneof(nasty, fc.webUrl()), { maxLength: 3 }),
              client_name: nasty,
              grant_types: fc.array(nasty, { maxLength: 2 }),
              token_endpoint_auth_method: fc.oneof(
                fc.constantFrom('none', 'client_secret_post', 'client_secret_basic'),
                nasty,
              ),
            },
            { requiredKeys: [] },
          )
          .map((o) => JSON.stringify(o)),
        nasty,
      ),
    }),
    fc.record({
      kind: fc.constant('authorize' as const),
      method: fc.constantFrom('GET', 'POST'),
      params: fields({
        client_id: ['$client'],
        redirect_uri: [redirect, 'http://evil.example/cb', `${redirect}/x`],
        response_type: ['code', 'token'],
        code_challenge: ['E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'],
        code_challenge_method: ['S256', 'plain'],
        state: [],
        scope: [],
        resource: [],
        login_hint: ['alice'],
      }),
    }),
    fc.record({
      kind: fc.constant('decision' as const),
      params: fields({ request_id: [], csrf_token: [], account: ['alice', 'workspace'], decision: ['allow', 'deny'] }),
    }),
    fc.record({
      kind: fc.constant('token' as const),
      params: fields({
        grant_type: ['authorization_code', 'refresh_token', 'client_credentials'],
        code: [],
        code_verifier: [],
        redirect_uri: [redirect],
        client_id: ['$client'],
        client_secret: [],
        refresh_token: [],
        resource: [],
        scope: [],
      }),
    }),
    fc.record({
      kind: fc.constant('revoke' as const),
      params: fields({ token: [], token_type_hint: ['access_token', 'refresh_token'], client_id: ['$client'] }),
    }),
    fc.record({
      kind: fc.constant('metadata' as const),
      path: fc.oneof(
        fc.constantFrom(
          '/.well-known/oauth-authorization-server',
          '/.well-known/oauth-protected-resource',
          '/.well-known/oauth-protected-resource/mcp',
        ),
        segment('x').map((x) => `/.well-known/${x}`),
      ),
    }),
  );
  await fc.assert(
    fc.asyncProperty(mock, c, async (base, q) => {
      const fill = (o: Record<string, string>) =>
        Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === '$client' ? (clients.get(base) ?? '') : v]));
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      let r;
      let kind: 'json' | 'page' = 'json';
      switch (q.kind) {
        case 'register':
          r = await rawRequest(`${base}/register`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: q.body,
          });
          break;
        case 'authorize': {
          kind = 'page';
          const p = new URLSearchParams(fill(q.params)).toString();
          r =
            q.method === 'GET'
              ? await rawRequest(`${base}/authorize?${p}`)
              : await rawRequest(`${base}/authorize`, { method: 'POST', headers: form, body: p });
          break;
        }
        case 'decision':
          kind = 'page';
          r = await rawRequest(`${base}/authorize/decision`, {
            method: 'POST',
            headers: form,
            body: new URLSearchParams(q.params).toString(),
          });
          break;
        case 'token':
        case 'revoke':
          r = await rawRequest(`${base}/${q.kind}`, {
            method: 'POST',
            headers: form,
            body: new URLSearchParams(fill(q.params)).toString(),
          });
          break;
        case 'metadata':
          r = await rawRequest(`${base}${q.path}`);
          break;
      }
      // Only the registered redirect URI may ever be redirected to.
      checkAnswer(`${q.kind} on ${base}`, r, kind, [`${redirect}?`]);
    }),
    { ...settle, numRuns: runs, seed },
  );
}
