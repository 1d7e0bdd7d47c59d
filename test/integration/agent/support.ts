/**
 * Test helpers for the agent server, over the kit's stack (kit/stack.ts): a chat client that drives
 * /api/chat with the AI SDK's own DefaultChatTransport + readUIMessageStream, and the user's
 * out-of-band step through the harness's AuthBrowser (guided flow, real OAuth consent on each mock).
 */
import { DefaultChatTransport, readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai';
import { randomBytes } from 'node:crypto';
import { AuthBrowser, pageMessage } from '../../../harness/auth-browser.js';
import { startStack, type Stack, type StackOptions } from '../../../kit/stack.js';
import type { AgentConfig } from '../../../server/agent/app.js';

/** The agent tests' stack: the kit's stack with the agent and a database file (restartable navigator). */
export function startAgentStack(agent: Partial<AgentConfig> = {}, opts: StackOptions = {}): Promise<Stack> {
  return startStack({ parts: 'agent', db: 'temp-dir', ...opts, agent });
}

/** `POST /api/session`; returns the Cookie header value. */
export async function signIn(agentUrl: string, user: string, password = user): Promise<string> {
  const res = await fetch(`${agentUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
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
    const stream = await transport.sendMessages({
      chatId: this.id,
      messages: this.messages,
      trigger: 'submit-message',
      messageId: undefined,
      abortSignal: undefined,
    });
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
      for await (const m of readUIMessageStream({ stream: recorded, onError: (e) => errors.push(String(e)) }))
        assistant = m;
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
          ? [
              {
                name: p.toolName,
                output: p.state === 'output-available' ? p.output : undefined,
                ...(p.state === 'output-error' ? { errorText: p.errorText } : {}),
              },
            ]
          : [],
      ),
    };
  }
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
  return /https?:\/\/[^\s"'<>]+\/auth\?auth_link_id=[A-Za-z0-9_-]+/.exec(
    typeof value === 'string' ? value : JSON.stringify(value),
  )?.[0];
}
