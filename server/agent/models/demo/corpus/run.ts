/**
 * Runs the labelled corpus (requests.yaml) through the real demo model: each case is a conversation
 * driven by the AI SDK's own loop (`generateText` + `stopWhen`), with the real mock Slack and Linear
 * tools (their real handlers, schemas and seeded stores, over the MCP SDK's in-memory transport, as
 * alice) and a scripted `get_authentication_link`. Scores each labelled request: exact actions,
 * wrong writes, clarifications. Used by corpus.test.ts and by `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { generateText, jsonSchema, stepCountIs, tool, type ModelMessage, type ToolSet } from 'ai';
import { parse } from 'yaml';
import { z } from 'zod';
import { LinearStore } from '../../../../../mock-servers/linear/store.js';
import { registerLinearTools } from '../../../../../mock-servers/linear/tools/index.js';
import { SLACK_SCOPES } from '../../../../../mock-servers/slack/scopes.js';
import { SlackStore } from '../../../../../mock-servers/slack/store.js';
import { registerSlackTools } from '../../../../../mock-servers/slack/tools/index.js';
import { LINEAR_SCOPES } from '../../../../../mock-servers/linear/scopes.js';
import type { AuthLinkResult } from '../../../../shared/contracts.js';
import { mcpResultText } from '../../../../shared/mcp-result.js';
import { createDemoModel } from '../model.js';

const CORPUS_FILE = new URL('./requests.yaml', import.meta.url);
const WRITES = new Set(['slack.post_message', 'linear.create_issue', 'linear.update_issue_state']);
const Failure = z.enum(['expired', 'not_connected', 'down']);
const Server = z.enum(['slack', 'linear']);
const Strings = z.union([z.string(), z.array(z.string())]);

export const CorpusCase = z
  .object({
    id: z.string().min(1),
    tags: z.array(z.string()).default([]),
    /** Earlier user turns, run for real (their tool calls happen) before the labelled one. */
    before: z.array(z.string()).default([]),
    /** Servers not connected during `before`; the user connects them before `say` (unless still missing). */
    missing: z.array(Server).default([]),
    still_missing: z.array(Server).default([]),
    /** Servers whose credentials expired before `say`: status says expired, tools fail. */
    expired: z.array(Server).default([]),
    /** Tool failures during `say`. */
    broken: z.partialRecord(Server, Failure).default({}),
    feature_off: z.boolean().default(false),
    say: z.string().min(1),
    /** Expected downstream calls of the labelled turn, in order: [server.tool, args]. A value `*` matches anything, `{contains: s}` a substring. */
    calls: z
      .array(z.tuple([z.string().regex(/^(slack|linear)\.\w+$/), z.record(z.string(), z.unknown()).optional()]))
      .optional(),
    asks: z.boolean().optional(),
    reply: z.object({ contains: Strings.optional(), not_contains: Strings.optional() }).strict().optional(),
  })
  .strict()
  .refine((c) => (c.calls === undefined) !== (c.asks === undefined), {
    message: 'label each case with exactly one of `calls` or `asks`',
  });
export type CorpusCase = z.infer<typeof CorpusCase>;

export function loadCorpus(file: URL | string = CORPUS_FILE): CorpusCase[] {
  const source = readFileSync(file, 'utf8');
  // An unquoted `say: read #general` would lose "#general" to a YAML comment.
  const cut = source.split('\n').findIndex((l) => /^\s*(?:-\s+)?(?:\{.*\b)?say: [^'"\s].*\s#/.test(l));
  if (cut >= 0)
    throw new Error(`requests.yaml:${cut + 1}: quote a say: that contains " #", or YAML reads the rest as a comment`);
  const raw: unknown = parse(source);
  const parsed = z.array(z.unknown()).parse(raw);
  const ids = new Set<string>();
  return parsed.map((entry, i) => {
    const r = CorpusCase.safeParse(entry);
    if (!r.success)
      throw new Error(
        `requests.yaml case ${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    if (ids.has(r.data.id)) throw new Error(`requests.yaml: duplicate id ${r.data.id}`);
    ids.add(r.data.id);
    return r.data;
  });
}

export interface ObservedCall {
  name: string;
  args: Record<string, unknown>;
}

export interface CaseResult {
  id: string;
  exact: boolean;
  wrongWrites: ObservedCall[];
  askedWhenExpected?: boolean;
  calls: ObservedCall[];
  reply: string;
  problems: string[];
  /** Model time (doGenerate) of each model call in the labelled turn, ms. */
  modelMs: number[];
}

function valueMatches(expected: unknown, actual: unknown): boolean {
  if (expected === '*') return actual !== undefined;
  if (expected && typeof expected === 'object' && !Array.isArray(expected) && 'contains' in expected) {
    return typeof actual === 'string' && actual.toLowerCase().includes(String(expected.contains).toLowerCase());
  }
  return JSON.stringify(expected) === JSON.stringify(actual);
}

function callMatches(expected: [string, Record<string, unknown>?], actual: ObservedCall): boolean {
  const args = expected[1] ?? {};
  if (expected[0] !== actual.name) return false;
  const keys = new Set([...Object.keys(args), ...Object.keys(actual.args)]);
  return [...keys].every((k) => valueMatches(args[k], actual.args[k]));
}

const list = (s: string | string[] | undefined) => (s === undefined ? [] : Array.isArray(s) ? s : [s]);

/** Scores one finished case against its label. */
export function score(c: CorpusCase, calls: ObservedCall[], reply: string, modelMs: number[]): CaseResult {
  const problems: string[] = [];
  const expected = c.calls ?? [];
  const wrongWrites = calls.filter((a) => WRITES.has(a.name) && !expected.some((e) => callMatches(e, a)));
  if (
    calls.length !== expected.length ||
    !expected.every((e, i) => calls[i] !== undefined && callMatches(e, calls[i]))
  ) {
    problems.push(
      `calls: expected ${JSON.stringify(expected)}, got ${JSON.stringify(calls.map((x) => [x.name, x.args]))}`,
    );
  }
  let askedWhenExpected: boolean | undefined;
  if (c.asks) {
    askedWhenExpected = calls.length === 0 && /\?/.test(reply) && /for example/i.test(reply);
    if (!askedWhenExpected) problems.push('expected one clarifying question with an example');
  }
  const lower = reply.toLowerCase();
  for (const s of list(c.reply?.contains))
    if (!lower.includes(s.toLowerCase())) problems.push(`reply lacks ${JSON.stringify(s)}`);
  for (const s of list(c.reply?.not_contains))
    if (lower.includes(s.toLowerCase())) problems.push(`reply contains ${JSON.stringify(s)}`);
  return {
    id: c.id,
    exact: problems.length === 0,
    wrongWrites,
    calls,
    reply,
    problems,
    modelMs,
    ...(askedWhenExpected !== undefined ? { askedWhenExpected } : {}),
  };
}

const ALL_SCOPES = [...Object.keys(SLACK_SCOPES), ...Object.keys(LINEAR_SCOPES)];

/** The real mock tools over the MCP SDK's in-memory transport, as one account. */
async function mockClient(name: 'slack' | 'linear', register: (server: McpServer) => void): Promise<Client> {
  const server = new McpServer({ name: `mock-${name}`, version: '1.0.0' });
  register(server);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const send = clientSide.send.bind(clientSide);
  // What the mock's bearer middleware would attach: the signed-in account and its scopes.
  clientSide.send = (message, options) =>
    send(message, {
      ...options,
      authInfo: { token: 'corpus', clientId: 'corpus', scopes: ALL_SCOPES, extra: { account: 'alice' } },
    });
  await server.connect(serverSide);
  const client = new Client({ name: 'corpus', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

const NAVIGATOR_TEXT: Record<z.infer<typeof Failure>, (d: string, inChat: boolean) => string> = {
  not_connected: (d, inChat) =>
    `The user has not connected ${d} yet. ${inChat ? `Call get_authentication_link and share the link with the user so they can connect ${d}, then try again.` : `Ask the user to connect ${d} before trying again.`}`,
  expired: (d, inChat) =>
    `The user's ${d} connection expired or was revoked. ${inChat ? `Call get_authentication_link and share the link with the user so they can connect ${d}, then try again.` : `Ask the user to connect ${d} before trying again.`}`,
  down: (d) => `${d} is unavailable right now: connect ECONNREFUSED 127.0.0.1:9. Try again later.`,
};

export interface Corpus {
  run(c: CorpusCase): Promise<CaseResult>;
  close(): Promise<void>;
}

type McpResult = { content?: Array<{ type: string; text?: string }>; isError?: boolean; structuredContent?: unknown };

/** Starts the mock tools once; each case gets fresh stores. */
export async function startCorpus(): Promise<Corpus> {
  const stores = { slack: new SlackStore(), linear: new LinearStore() };
  const clients = {
    slack: await mockClient('slack', (s) => registerSlackTools(s, stores.slack, { baseUrl: 'http://127.0.0.1:3201' })),
    linear: await mockClient('linear', (s) =>
      registerLinearTools(s, stores.linear, { baseUrl: 'http://127.0.0.1:3202' }),
    ),
  };
  const listed = { slack: (await clients.slack.listTools()).tools, linear: (await clients.linear.listTools()).tools };
  const LINK = 'http://127.0.0.1:3100/auth?auth_link_id=corpus-link';

  async function run(c: CorpusCase): Promise<CaseResult> {
    stores.slack.reset();
    stores.linear.reset();
    const phase = {
      missing: new Set<string>(c.missing),
      expired: new Set<string>(),
      broken: {} as CorpusCase['broken'],
      record: false,
    };
    const calls: ObservedCall[] = [];
    const modelMs: number[] = [];
    const status = (): AuthLinkResult => {
      const state = (s: string) =>
        phase.expired.has(s) ? 'expired' : phase.missing.has(s) ? 'needs_connecting' : 'connected';
      const un = ['slack', 'linear'].filter((s) => state(s) !== 'connected');
      return {
        status: un.length > 0 ? 'authentication_needed' : 'fully_authenticated',
        ...(un.length > 0 ? { auth_link: LINK } : {}),
        unauthenticated_servers: un,
        servers: ['slack', 'linear'].map((s) => ({
          name: s,
          display_name: s === 'slack' ? 'Slack' : 'Linear',
          auth_level: 'user' as const,
          state: state(s),
        })),
        message: un.length > 0 ? 'The user must authenticate.' : 'All set.',
      };
    };
    const toOutput = (r: McpResult) => {
      const text = mcpResultText(r);
      if (r.isError) return { type: 'error-text' as const, value: text || 'The tool reported an error.' };
      const parts = [{ type: 'text' as const, text }];
      if (r.structuredContent !== undefined) parts.push({ type: 'text', text: JSON.stringify(r.structuredContent) });
      return { type: 'content' as const, value: parts };
    };
    const tools: ToolSet = {};
    if (!c.feature_off) {
      tools.get_authentication_link = tool({
        description: 'Check authentication',
        inputSchema: jsonSchema({ type: 'object', properties: {} }),
        execute: async (): Promise<McpResult> => ({
          content: [{ type: 'text', text: JSON.stringify(status()) }],
          structuredContent: status(),
        }),
        toModelOutput: ({ output }) => toOutput(output),
      });
    }
    for (const server of ['slack', 'linear'] as const) {
      for (const t of listed[server]) {
        tools[`${server}__${t.name}`] = tool({
          description: t.description ?? t.name,
          inputSchema: jsonSchema(t.inputSchema as Parameters<typeof jsonSchema>[0]),
          execute: async (args: Record<string, unknown>): Promise<McpResult> => {
            if (phase.record) calls.push({ name: `${server}.${t.name}`, args });
            const d = server === 'slack' ? 'Slack' : 'Linear';
            const failure = phase.expired.has(server)
              ? 'expired'
              : phase.missing.has(server)
                ? 'not_connected'
                : phase.broken[server];
            if (failure)
              return { isError: true, content: [{ type: 'text', text: NAVIGATOR_TEXT[failure](d, !c.feature_off) }] };
            return (await clients[server].callTool({ name: t.name, arguments: args })) as McpResult;
          },
          toModelOutput: ({ output }) => toOutput(output),
        });
      }
    }
    const base = createDemoModel({ chunkDelayMs: 0 });
    const timed: LanguageModelV3 = {
      ...base,
      doGenerate: async (options) => {
        const t0 = performance.now();
        const r = await base.doGenerate(options);
        if (phase.record) modelMs.push(performance.now() - t0);
        return r;
      },
    };
    const history: ModelMessage[] = [];
    const turn = async (text: string) => {
      history.push({ role: 'user', content: text });
      const r = await generateText({
        model: timed,
        system: 'corpus',
        messages: history,
        tools,
        stopWhen: stepCountIs(10),
      });
      history.push(...r.response.messages);
      return r.steps
        .map((s) => s.text)
        .filter((t) => t.length > 0)
        .join('\n\n');
    };
    for (const b of c.before) await turn(b);
    phase.missing = new Set(c.still_missing);
    phase.expired = new Set(c.expired);
    phase.broken = c.broken;
    phase.record = true;
    const reply = await turn(c.say);
    return score(c, calls, reply, modelMs);
  }

  return {
    run,
    async close() {
      await Promise.allSettled([clients.slack.close(), clients.linear.close()]);
    },
  };
}

export interface CorpusFigures {
  requests: number;
  exact: number;
  exactRate: number;
  wrongWrites: number;
  clarificationsExpected: number;
  clarificationsAsked: number;
  /** Model time of one model call (doGenerate), ms. */
  modelMsP50: number;
  modelMsMax: number;
  results: CaseResult[];
}

/** Runs every case and sums up. */
export async function runCorpus(cases: CorpusCase[] = loadCorpus()): Promise<CorpusFigures> {
  const corpus = await startCorpus();
  try {
    const results: CaseResult[] = [];
    for (const c of cases) results.push(await corpus.run(c));
    const times = results.flatMap((r) => r.modelMs).sort((a, b) => a - b);
    const exact = results.filter((r) => r.exact).length;
    const asks = results.filter((r) => r.askedWhenExpected !== undefined);
    return {
      requests: results.length,
      exact,
      exactRate: results.length ? exact / results.length : 0,
      wrongWrites: results.reduce((n, r) => n + r.wrongWrites.length, 0),
      clarificationsExpected: asks.length,
      clarificationsAsked: asks.filter((r) => r.askedWhenExpected).length,
      modelMsP50: times[Math.floor(times.length / 2)] ?? 0,
      modelMsMax: times.at(-1) ?? 0,
      results,
    };
  } finally {
    await corpus.close();
  }
}
