/**
 * Entry point: `tsx server/agent/main.ts`. Reads the env (see config.ts), starts the agent server and
 * prints its URL; configuration problems are printed as one line, not a stack trace.
 */
import { startAgentServer } from './app.js';
import { agentConfigFromEnv } from './config.js';

try {
  const config = agentConfigFromEnv();
  const server = await startAgentServer(config);
  console.log(`agent: ${server.url} (model ${config.defaultModel})`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  console.error(`agent: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
