import { startSlackServer } from '../slack/index.js';
import { startLinearServer } from '../linear/index.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
const out: unknown[] = [];
for (const start of [startSlackServer, startLinearServer]) {
  const s = await start({ auth: 'none' });
  const c = new Client({ name: 'x', version: '1' });
  await c.connect(new StreamableHTTPClientTransport(new URL(`${s.url}/mcp`)));
  out.push((await c.listTools()).tools);
  await c.close(); await s.close();
}
console.log(JSON.stringify(out, null, 1));
