/**
 * One interface over the two MCP clients the navigator must serve: the MCP SDK `Client` and the AI
 * SDK's `@ai-sdk/mcp` (what the agent server uses). Behavior tests run once per client through it.
 * The AI SDK side behaves like an agent: it keeps the tool set it fetched when it connected and
 * executes from it, falling back to the current list, then to a definition built from the name.
 */
import { createMCPClient } from '@ai-sdk/mcp';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'vitest';
import { AuthLinkResult } from '../../../server/shared/contracts.js';

export interface ToolOutcome {
  isError: boolean;
  text: string;
  structured: unknown;
}

export interface McpAgent {
  /** Tool names as the client lists them now. */
  names(): Promise<string[]>;
  description(name: string): Promise<string | undefined>;
  /** Calls a tool; JSON-RPC errors reject. */
  call(name: string, args?: Record<string, unknown>): Promise<ToolOutcome>;
  /** get_authentication_link, checked to carry the same JSON as text and structuredContent. */
  status(): Promise<AuthLinkResult>;
  close(): Promise<void>;
}

export interface AgentTarget {
  url: string;
  headers: Record<string, string>;
}

function outcome(raw: unknown): ToolOutcome {
  const r = raw as { content?: { type?: string; text?: string }[]; structuredContent?: unknown; isError?: boolean };
  return {
    isError: r.isError === true,
    text: (r.content ?? []).map((c) => c.text ?? '').join('\n'),
    structured: r.structuredContent,
  };
}

function withStatus(agent: Omit<McpAgent, 'status'>): McpAgent {
  return {
    ...agent,
    status: async () => {
      const r = await agent.call('get_authentication_link');
      expect(r.isError).toBe(false);
      const parsed = AuthLinkResult.parse(r.structured);
      expect(JSON.parse(r.text)).toEqual(parsed);
      return parsed;
    },
  };
}

async function openSdk(t: AgentTarget): Promise<McpAgent> {
  const client = new Client({ name: 'behavior-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(t.url), { requestInit: { headers: t.headers } }));
  return withStatus({
    names: async () => (await client.listTools()).tools.map((x) => x.name),
    description: async (name) => (await client.listTools()).tools.find((x) => x.name === name)?.description,
    call: async (name, args = {}) => outcome(await client.callTool({ name, arguments: args })),
    close: () => client.close(),
  });
}

type AiTool = {
  description?: string;
  execute?: (args: unknown, opts: { toolCallId: string; messages: [] }) => unknown;
};

async function openAiSdk(t: AgentTarget): Promise<McpAgent> {
  const client = await createMCPClient({ transport: { type: 'http', url: t.url, headers: t.headers } });
  const current = async () => (await client.tools()) as Record<string, AiTool>;
  const frozen = await current();
  let calls = 0;
  return withStatus({
    names: async () => Object.keys(await current()),
    description: async (name) => (await current())[name]?.description,
    call: async (name, args = {}) => {
      const tool =
        frozen[name] ??
        (await current())[name] ??
        (client.toolsFromDefinitions({ tools: [{ name, inputSchema: { type: 'object' } }] }) as Record<string, AiTool>)[
          name
        ];
      if (!tool?.execute) throw new Error(`@ai-sdk/mcp built no executable tool ${name}`);
      return outcome(await tool.execute(args, { toolCallId: `call-${++calls}`, messages: [] }));
    },
    close: () => client.close(),
  });
}

export const CLIENTS: readonly { client: string; open: (t: AgentTarget) => Promise<McpAgent> }[] = [
  { client: 'MCP SDK Client', open: openSdk },
  { client: '@ai-sdk/mcp', open: openAiSdk },
];
