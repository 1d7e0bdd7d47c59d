/**
 * The agent's MCP client (NavigatorSessions: @ai-sdk/mcp over the navigator transport) as a command
 * for the MCP conformance suite's client scenarios: `conformance client --command "<this>"` starts a
 * test server and runs this with its URL as the last argument and the scenario in
 * MCP_CONFORMANCE_SCENARIO. It opens a session and lists the tools as a chat turn does; for
 * `tools_call` it calls `add_numbers` as the model would.
 */
import { NavigatorSessions } from '../../../server/agent/navigator-sessions.js';

const url = process.argv[process.argv.length - 1] ?? '';
const sessions = new NavigatorSessions({
  navigatorUrl: new URL(url).origin,
  endpointUrl: url,
  instanceId: 'conformance',
  apiKey: 'conformance-test-key',
  idleMs: 60_000,
  toolTimeoutMs: 10_000,
  log: (line) => console.error(line),
});
try {
  const tools = await sessions.tools('conformance', 'alice').catch((err: unknown) => {
    // The `initialize` scenario's server declares no capabilities: initialized, with nothing to list.
    if (
      process.env.MCP_CONFORMANCE_SCENARIO === 'initialize' &&
      err instanceof Error &&
      /does not support tools/.test(err.message)
    )
      return {};
    throw err;
  });
  if (process.env.MCP_CONFORMANCE_SCENARIO === 'tools_call') {
    const add = 'add_numbers' in tools ? tools.add_numbers?.execute : undefined;
    if (!add) throw new Error('the server offered no add_numbers tool');
    console.log(JSON.stringify(await add({ a: 2, b: 3 }, { toolCallId: 'conformance-1', messages: [] })));
  }
  if (process.env.MCP_CONFORMANCE_SCENARIO === 'sse-retry') {
    // The server's one tool answers on an SSE stream it closes early; the client has to resume it.
    for (const tool of Object.values(tools))
      console.log(JSON.stringify(await tool.execute?.({}, { toolCallId: 'conformance-2', messages: [] })));
  }
  sessions.release('conformance');
} finally {
  await sessions.closeAll();
}
