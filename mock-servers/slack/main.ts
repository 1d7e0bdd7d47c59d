/** Runs the mock Slack server alone: SLACK_PORT (default 3201), admin endpoints on. */
import { startSlackServer } from './index.js';

const server = await startSlackServer({
  port: Number(process.env.SLACK_PORT ?? 3201),
  admin: true,
  log: (l) => console.log(`[slack] ${l}`),
});
console.log(`mock Slack listening on ${server.url} (MCP at ${server.url}/mcp)`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
