/**
 * The agent's MCP transport to the navigator: the MCP SDK's Streamable HTTP client transport, given
 * to `@ai-sdk/mcp` as a custom transport. `@ai-sdk/mcp` reports every server notification as an
 * "Unsupported message type" error; this transport takes notifications itself, quietly, and tells
 * the agent when the tool list changed (`notifications/tools/list_changed`). Closing ends the
 * session on the navigator (DELETE) before closing the streams.
 */
import type { JSONRPCMessage, MCPTransport } from '@ai-sdk/mcp';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { JSONRPCMessage as SdkMessage } from '@modelcontextprotocol/sdk/types.js';

export class NavigatorTransport implements MCPTransport {
  private readonly inner: StreamableHTTPClientTransport;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  constructor(
    url: string,
    headers: Record<string, string>,
    private readonly onToolListChanged: () => void,
  ) {
    this.inner = new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers },
      fetch: (input, init) => this.fetch(input, init),
    });
    this.inner.onmessage = (m: SdkMessage) => {
      if ('method' in m && !('id' in m)) {
        if (m.method === 'notifications/tools/list_changed') this.onToolListChanged();
        return;
      }
      this.onmessage?.(m as JSONRPCMessage);
    };
    this.inner.onerror = (e) => this.onerror?.(e);
    this.inner.onclose = () => this.onclose?.();
  }

  /**
   * fetch for the SDK transport, with a 202's (empty) body read here: the transport cancels it
   * instead, and a cancel waits forever where a fetch interceptor tees response bodies (msw in the tests).
   * A refused standalone GET stream (400 before the session exists) is answered to the SDK as the
   * spec's 405 "no GET stream offered", which it takes quietly: the method and status say so, no message is read.
   */
  private async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const res = await fetch(input, init);
    if (init?.method === 'GET' && (res.status === 400 || res.status === 405)) {
      await res.arrayBuffer().catch(() => undefined);
      return new Response(null, { status: 405, statusText: 'Method Not Allowed', headers: res.headers });
    }
    if (res.status !== 202) return res;
    await res.arrayBuffer().catch(() => undefined);
    return new Response(null, { status: 202, statusText: res.statusText, headers: res.headers });
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    try {
      await this.inner.send(message);
    } catch (err) {
      throw withStatus(err);
    }
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion(version);
  }

  async close(): Promise<void> {
    // DELETE: the navigator frees the session now instead of at its idle timeout. At most 1 s, best
    // effort: where a fetch interceptor holds the open GET stream's body (msw in the tests), the
    // navigator's answer waits until the stream is closed below.
    if (this.inner.sessionId) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_000).unref()));
      await Promise.race([this.inner.terminateSession().catch(() => undefined), deadline]);
      clearTimeout(timer);
    }
    await this.inner.close();
  }
}

/** An HTTP refusal as `(HTTP {status}): {body}` with `statusCode`, the shape the agent's error texts read (chat-errors.ts). */
function withStatus(err: unknown): unknown {
  const status = transportStatus(err);
  if (status === undefined || !(err instanceof Error)) return err;
  const body = err.message.replace(/^Streamable HTTP error: (Error POSTing to endpoint: )?/, '');
  return Object.assign(new Error(`The navigator refused the request (HTTP ${status}): ${body}`), {
    statusCode: status,
  });
}

/** The HTTP status of a transport failure (the SDK's StreamableHTTPError), if any. */
export function transportStatus(err: unknown): number | undefined {
  return err instanceof StreamableHTTPError && typeof err.code === 'number' && err.code > 0 ? err.code : undefined;
}
