/**
 * Test support for the agent server: starts the real stack (mock Slack + Linear with admin on, the
 * navigator seeded with the demo project, the agent) on free ports; a chat client that drives
 * /api/chat with the AI SDK's own DefaultChatTransport + readUIMessageStream; and the user's
 * out-of-band step: the navigator's guided auth flow with real OAuth consent on each mock.
 */
import { DefaultChatTransport, readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeConsent } from '../../../mock-servers/shared/consent-client.js';
import { startLinearServer } from '../../../mock-servers/linear/index.js';
import { startSlackServer } from '../../../mock-servers/slack/index.js';
import { startAgentServer, type AgentConfig, type RunningAgentServer } from '../../../server/agent/app.js';
import { startNavigator, type RunningNavigator } from '../../../server/navigator/app.js';

export interface Stack {
  slack: Awaited<ReturnType<typeof startSlackServer>>;
  linear: Awaited<ReturnType<typeof startLinearServer>>;
  navigator: RunningNavigator;
  agent: RunningAgentServer;
  apiKey: string;
  adminKey: string;
  dir: string;
  dbPath: string;
  encryptionKey: string;
  /** Starts the navigator again on its port with the same database (a navigator restart). */
  restartNavigator(): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(agent: Partial<AgentConfig> = {}, opts: { inChatAuth?: boolean } = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-it-'));
  const slack = await startSlackServer({ admin: true });
  const linear = await startLinearServer({ admin: true });
  const apiKey = `nav_${randomBytes(12).toString('hex')}`;
  const adminKey = `adm_${randomBytes(12).toString('hex')}`;
  const encryptionKey = randomBytes(32).toString('hex');
  const dbPath = join(dir, 'navigator.db');
  const navConfig = {
    dbPath,
    encryptionKey,
    adminKey,
    seed: {
      project: { id: 'demo', name: 'Demo project' },
      servers: [
        { name: 'slack', display_name: 'Slack', mcp_url: `${slack.url}/mcp`, auth_level: 'user' as const },
        { name: 'linear', display_name: 'Linear', mcp_url: `${linear.url}/mcp`, auth_level: 'user' as const },
      ],
      instances: [{ id: 'demo', name: 'Demo agent', api_key: apiKey, in_chat_auth: opts.inChatAuth ?? true }],
      users: ['alice', 'bob', 'carol'].map((id) => ({ id, password: id })),
    },
  };
  let navigator = await startNavigator(navConfig);
  const agentServer = await startAgentServer({
    navigatorUrl: navigator.url,
    navigatorApiKey: apiKey,
    navigatorAdminKey: adminKey,
    sessionSecret: 'test-session-secret-0123456789',
    transcriptsDir: join(dir, 'transcripts'),
    demoChunkDelayMs: 0,
    modelMaxRetries: 0,
    log: () => {},
    ...agent,
  });
  const stack: Stack = {
    slack,
    linear,
    navigator,
    agent: agentServer,
    apiKey,
    adminKey,
    dir,
    dbPath,
    encryptionKey,
    async restartNavigator() {
      const port = navigator.port;
      await navigator.close();
      navigator = await startNavigator({ ...navConfig, port });
      stack.navigator = navigator;
    },
    async close() {
      await agentServer.close();
      await navigator.close();
      await slack.close();
      await linear.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** `POST /api/session`; returns the Cookie header value. */
export async function signIn(agentUrl: string, user: string, password = user): Promise<string> {
  const res = await fetch(`${agentUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });
  if (!res.ok) throw new Error(`sign-in failed: HTTP ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .join('; ');
}

export interface Turn {
  chunks: UIMessageChunk[];
  assistant: UIMessage | undefined;
  text: string;
  toolCalls: Array<{ name: string; input: unknown }>;
  toolOutputs: Array<{ name: string; output: unknown; errorText?: string }>;
  errors: string[];
}

/** A conversation driven the way useChat drives it: the whole history each turn, through DefaultChatTransport. */
export class Conversation {
  readonly messages: UIMessage[] = [];
  private n = 0;

  constructor(
    private readonly agentUrl: string,
    private readonly cookie: string,
    readonly id = `conv-${randomBytes(6).toString('hex')}`,
    private readonly model?: string,
  ) {}

  async send(text: string): Promise<Turn> {
    this.messages.push({ id: `u${++this.n}`, role: 'user', parts: [{ type: 'text', text }] });
    const transport = new DefaultChatTransport<UIMessage>({
      api: `${this.agentUrl}/api/chat`,
      headers: { cookie: this.cookie },
      body: this.model ? { model: this.model } : {},
    });
    const stream = await transport.sendMessages({ chatId: this.id, messages: this.messages, trigger: 'submit-message', messageId: undefined, abortSignal: undefined });
    const chunks: UIMessageChunk[] = [];
    const recorded = stream.pipeThrough(
      new TransformStream<UIMessageChunk, UIMessageChunk>({
        transform(chunk, controller) {
          chunks.push(chunk);
          controller.enqueue(chunk);
        },
      }),
    );
    let assistant: UIMessage | undefined;
    const errors: string[] = [];
    try {
      for await (const m of readUIMessageStream({ stream: recorded, onError: (e) => errors.push(String(e)) })) assistant = m;
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
    for (const c of chunks) if (c.type === 'error') errors.push(c.errorText);
    if (assistant) this.messages.push(assistant);
    const parts = assistant?.parts ?? [];
    return {
      chunks,
      assistant,
      errors,
      text: parts.map((p) => (p.type === 'text' ? p.text : '')).join(' '),
      toolCalls: parts.flatMap((p) => (p.type === 'dynamic-tool' ? [{ name: p.toolName, input: p.input }] : [])),
      toolOutputs: parts.flatMap((p) =>
        p.type === 'dynamic-tool' && (p.state === 'output-available' || p.state === 'output-error')
          ? [{ name: p.toolName, output: p.state === 'output-available' ? p.output : undefined, ...(p.state === 'output-error' ? { errorText: p.errorText } : {}) }]
          : [],
      ),
    };
  }
}

function jar(): { header(): string; take(res: Response): void } {
  const cookies = new Map<string, string>();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    take(res) {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair?.indexOf('=') ?? -1;
        if (pair && i > 0) cookies.set(pair.slice(0, i), pair.slice(i + 1));
      }
    },
  };
}

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

/** The user's out-of-band step: open the link, sign in, connect each server through its own OAuth consent. */
export async function authenticateViaLink(link: string, user: string, servers: string[]): Promise<void> {
  const cookies = jar();
  const base = new URL(link).origin;
  const linkId = new URL(link).searchParams.get('auth_link_id') ?? '';
  const get = async (url: string) => {
    const res = await fetch(url, { headers: { cookie: cookies.header() }, redirect: 'manual' });
    cookies.take(res);
    return res;
  };
  const post = async (path: string, form: Record<string, string>) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { cookie: cookies.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
      redirect: 'manual',
    });
    cookies.take(res);
    return res;
  };
  const page = await (await get(link)).text();
  const csrf = hidden(page, 'csrf_token');
  if (!csrf) throw new Error(`no sign-in form at ${link}`);
  const signedIn = await post('/auth/sign-in', { auth_link_id: linkId, csrf_token: csrf, user, password: user });
  if (signedIn.status !== 303) throw new Error(`navigator sign-in failed: HTTP ${signedIn.status}`);
  for (const server of servers) {
    // Signing in starts a fresh flow session (new CSRF token): read it from the servers page.
    const fresh = hidden(await (await get(link)).text(), 'csrf_token') ?? '';
    const started = await post(`/auth/connect/${server}`, { auth_link_id: linkId, csrf_token: fresh });
    const authorize = started.headers.get('location');
    if (started.status !== 303 || !authorize) throw new Error(`connect ${server} did not redirect: HTTP ${started.status}`);
    const callback = await completeConsent(authorize, { account: user });
    const back = await get(callback);
    if (back.status !== 303) throw new Error(`callback for ${server} failed: HTTP ${back.status} ${await back.text()}`);
  }
}

/** The downstream tokens the navigator holds for a user (to prove they never leave it). */
export function downstreamTokens(navigator: RunningNavigator, user: string): string[] {
  const out: string[] = [];
  for (const name of ['slack', 'linear']) {
    const server = navigator.store.getServer('demo', name);
    const cred = server ? navigator.store.getCredential(user, server.id) : undefined;
    if (cred) out.push(cred.accessToken, ...(cred.refreshToken ? [cred.refreshToken] : []));
  }
  return out;
}

/** The first navigator auth link in a text or tool output. */
export function findAuthLink(value: unknown): string | undefined {
  return /https?:\/\/[^\s"'<>]+\/auth\?auth_link_id=[A-Za-z0-9_-]+/.exec(typeof value === 'string' ? value : JSON.stringify(value))?.[0];
}
