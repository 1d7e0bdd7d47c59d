/**
 * One navigator MCP session per conversation: created on the conversation's first turn, reused for
 * its later turns (so the tool descriptions keep their start-of-session server list, B13), closed
 * when the conversation ends or idles out. A session the navigator no longer knows (404, e.g. after a
 * navigator restart) is recreated transparently, for listing tools and for calling them.
 * `notifications/tools/list_changed` is taken quietly: during a turn the turn's tool set is listed
 * again and updated in place, so the next step of the turn has the new tools. The session declares
 * URL-mode elicitation; a `-32042` answer becomes a tool result the chat shows as a Connect card.
 */
import { createMCPClient, type MCPClient } from '@ai-sdk/mcp';
import type { ToolSet } from 'ai';
import { systemClock, type Clock, type Timer } from '../shared/clock.js';
import { AUTH_TOOL_NAME, failureCodeOf, NAVIGATOR_USER_HEADER } from '../shared/contracts.js';
import { HttpError } from '../shared/http.js';
import { mcpResultText } from '../shared/mcp-result.js';
import { elicitationResult, urlElicitationOf } from './elicitation-result.js';
import { NavigatorTransport, transportStatus } from './navigator-transport.js';
import { scrubSecrets } from './scrub.js';

export interface NavigatorSessionsOptions {
  navigatorUrl: string;
  instanceId: string;
  /** The MCP endpoint itself, when it is not `{navigatorUrl}/mcp/{instanceId}` (e.g. the conformance suite's test servers). */
  endpointUrl?: string;
  apiKey: string;
  idleMs: number;
  toolTimeoutMs: number;
  log: (line: string) => void;
  /** Times the idle close (default the system clock). */
  clock?: Clock;
}

interface Entry {
  user: string;
  client: Promise<MCPClient>;
  active: number;
  timer?: Timer;
  /** The tool set handed to the running turn (updated in place when the navigator says the list changed). */
  turnTools?: ToolSet;
}

type McpResult = { content?: unknown; isError?: boolean; structuredContent?: unknown; _meta?: Record<string, unknown> };

/** True for the navigator's "unknown session" answer (the MCP spec says 404). */
export function isSessionGone(err: unknown): boolean {
  const e = err as { statusCode?: unknown; message?: unknown; cause?: unknown };
  if (e?.statusCode === 404 || transportStatus(err) === 404) return true;
  return e?.cause !== undefined && e.cause !== err ? isSessionGone(e.cause) : false;
}

export class NavigatorSessions {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly opts: NavigatorSessionsOptions) {}

  get navigatorUrl(): string {
    return this.opts.navigatorUrl;
  }

  get url(): string {
    return this.opts.endpointUrl ?? `${this.opts.navigatorUrl}/mcp/${encodeURIComponent(this.opts.instanceId)}`;
  }

  /** How many conversations hold an open session. */
  get size(): number {
    return this.entries.size;
  }

  private connect(user: string, onToolListChanged: () => void): Promise<MCPClient> {
    return createMCPClient({
      transport: new NavigatorTransport(
        this.url,
        { Authorization: `Bearer ${this.opts.apiKey}`, [NAVIGATOR_USER_HEADER]: user },
        onToolListChanged,
      ),
      // URL-mode elicitation (MCP 2025-11-25): a call to a server the user has not connected answers -32042 with a URL to connect it.
      capabilities: { elicitation: { url: {} } },
      clientName: 'navigator-chat-agent',
      initializationOptions: { timeout: this.opts.toolTimeoutMs },
      // A refused standalone GET stream never gets here: NavigatorTransport answers it to the SDK as a quiet 405.
      onUncaughtError: (err) =>
        this.opts.log(`navigator MCP (${user}): ${err instanceof Error ? err.message : String(err)}`),
    });
  }

  private entry(conversationId: string, user: string): Entry {
    const existing = this.entries.get(conversationId);
    if (existing) {
      if (existing.user !== user)
        throw new HttpError('forbidden', 'This conversation belongs to another user; start a new conversation.');
      return existing;
    }
    const entry: Entry = { user, client: this.connect(user, () => this.toolListChanged(entry)), active: 0 };
    // A failed connect must not stick: the next turn tries again.
    entry.client.catch(() => {
      if (this.entries.get(conversationId) === entry) this.entries.delete(conversationId);
    });
    this.entries.set(conversationId, entry);
    return entry;
  }

  private async reconnect(entry: Entry, stale: MCPClient): Promise<MCPClient> {
    if ((await entry.client) === stale) {
      this.opts.log(`navigator session gone (404); opening a new one for ${entry.user}`);
      entry.client = this.connect(entry.user, () => this.toolListChanged(entry));
      void stale.close().catch(() => undefined);
    }
    return entry.client;
  }

  /**
   * The conversation's tools for this turn (listed fresh from its session). Marks the conversation
   * active until `release` is called.
   */
  async tools(conversationId: string, user: string): Promise<ToolSet> {
    const entry = this.entry(conversationId, user);
    entry.active++;
    entry.timer?.cancel();
    try {
      let client = await entry.client;
      let listed;
      try {
        listed = await this.list(client);
      } catch (err) {
        if (!isSessionGone(err)) throw err;
        client = await this.reconnect(entry, client);
        listed = await this.list(client);
      }
      entry.turnTools = this.wrap(entry, client, client.toolsFromDefinitions(listed));
      return entry.turnTools;
    } catch (err) {
      this.release(conversationId);
      throw err;
    }
  }

  /**
   * The navigator's tool list changed (In-Chat Authentication switched, or with the live tool list a
   * server connected or lost). Outside a turn nothing is needed: every turn lists afresh. During a
   * turn, its tool set is listed again and updated in place, so the turn's next step has the new tools.
   */
  private toolListChanged(entry: Entry): void {
    const target = entry.turnTools;
    if (entry.active === 0 || !target) return;
    void (async () => {
      const client = await entry.client;
      const fresh = this.wrap(entry, client, client.toolsFromDefinitions(await this.list(client)));
      if (entry.turnTools !== target) return;
      for (const name of Object.keys(target)) if (!(name in fresh)) delete target[name];
      Object.assign(target, fresh);
    })().catch((err: unknown) =>
      this.opts.log(
        `navigator MCP (${entry.user}): tools not refreshed: ${err instanceof Error ? err.message : String(err)}`,
      ),
    );
  }

  /** tools/list, bounded like a tool call (the MCP client sets no timeout of its own). */
  private list(client: MCPClient, signal?: AbortSignal): ReturnType<MCPClient['listTools']> {
    return client.listTools({ options: { timeout: this.opts.toolTimeoutMs, signal } });
  }

  /** Wraps each MCP tool: retry once on a lost session, bound its time, scrub its result, and mark isError results as errors for the model. */
  private wrap(entry: Entry, client: MCPClient, tools: ToolSet): ToolSet {
    const wrapped: ToolSet = {};
    for (const [name, t] of Object.entries(tools)) {
      const execute = t.execute;
      if (!execute) continue;
      wrapped[name] = {
        ...t,
        execute: async (input, options) => {
          const signal = AbortSignal.any([
            AbortSignal.timeout(this.opts.toolTimeoutMs),
            ...(options.abortSignal ? [options.abortSignal] : []),
          ]);
          try {
            return scrubSecrets<unknown>(await execute(input, { ...options, abortSignal: signal }));
          } catch (err) {
            const elicitation = urlElicitationOf(err);
            if (elicitation)
              return elicitationResult(elicitation, AUTH_TOOL_NAME in tools, new URL(this.opts.navigatorUrl).origin);
            if (!isSessionGone(err)) throw err;
            const fresh = await this.reconnect(entry, client);
            const again = fresh.toolsFromDefinitions(await this.list(fresh, signal))[name]?.execute;
            if (!again) throw err;
            return scrubSecrets(await again(input, { ...options, abortSignal: signal }));
          }
        },
        toModelOutput: ({ output, toolCallId, input }: { output: unknown; toolCallId: string; input: unknown }) => {
          const r = output as McpResult;
          if (!r || typeof r !== 'object') return { type: 'json', value: null };
          if (r.isError === true) {
            const message = mcpResultText(r) || 'The tool reported an error.';
            // The navigator's stable failure code travels with its text, so the model (and the demo planner) can switch on it.
            const code = failureCodeOf(r);
            return code ? { type: 'error-json', value: { code, message } } : { type: 'error-text', value: message };
          }
          // The MCP client passes only the text parts on; the structured data is worth as much to a model.
          const parts = [{ type: 'text' as const, text: mcpResultText(r) }];
          if (r.structuredContent !== undefined)
            parts.push({ type: 'text', text: JSON.stringify(r.structuredContent) });
          return t.toModelOutput && r.structuredContent === undefined
            ? t.toModelOutput({ output, toolCallId, input })
            : { type: 'content', value: parts };
        },
      } as typeof t;
    }
    return wrapped;
  }

  /** Ends the turn's hold on the session; the idle timer starts when no turn is running. */
  release(conversationId: string): void {
    const entry = this.entries.get(conversationId);
    if (!entry) return;
    entry.active = Math.max(0, entry.active - 1);
    entry.timer?.cancel();
    if (entry.active === 0) {
      entry.turnTools = undefined;
      entry.timer = (this.opts.clock ?? systemClock).after(this.opts.idleMs, () => void this.close(conversationId));
    }
  }

  /** The user a conversation's session belongs to, if it is open. */
  ownerOf(conversationId: string): string | undefined {
    return this.entries.get(conversationId)?.user;
  }

  /** Closes the conversation's session (DELETE on the navigator). False when none was open. */
  async close(conversationId: string): Promise<boolean> {
    const entry = this.entries.get(conversationId);
    if (!entry) return false;
    this.entries.delete(conversationId);
    entry.timer?.cancel();
    try {
      await (await entry.client).close();
    } catch {
      // Already gone or never opened: nothing to close.
    }
    return true;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }
}
