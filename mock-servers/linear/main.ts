/** Runs the mock Linear server alone: LINEAR_PORT (default 3202), admin endpoints on. */
import { startLinearServer } from './index.js';

const server = await startLinearServer({
  port: Number(process.env.LINEAR_PORT ?? 3202),
  admin: true,
  log: (l) => console.log(`[linear] ${l}`),
});
console.log(`mock Linear listening on ${server.url} (MCP at ${server.url}/mcp)`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
