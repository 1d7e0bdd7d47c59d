/**
 * Child-process entry for `startServices` (see services.ts for why): reads the spec from
 * AGENT_IT_SERVICES, prints `READY {urls}` on stdout, closes everything on SIGTERM or stdin end.
 */
import { startServices, type ServicesSpec } from './services.js';

const spec = JSON.parse(process.env.AGENT_IT_SERVICES ?? '{}') as ServicesSpec;
const services = await startServices(spec);
process.stdout.write(
  `READY ${JSON.stringify({ slackUrl: services.slackUrl, linearUrl: services.linearUrl, navigatorUrl: services.navigatorUrl })}\n`,
);
const stop = () => void services.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
