/**
 * Revoking grants at their provider (RFC 7009) when a server, its level or a credential goes away:
 * a few at a time; failures are logged and counted, never thrown.
 */
import { OAuthFlowError } from '../oauth/http.js';
import type { FetchLike } from '../oauth/outbound.js';
import { revokeTokens } from '../oauth/tokens.js';
import type { ServerRecord, Tokens } from '../store/store.js';

/** What revoking grants at their provider (RFC 7009) did; `failed` ones are logged. */
export interface RevocationSummary {
  attempted: number;
  revoked: number;
  failed: number;
  unsupported: number;
}

export async function revokeGrants(
  server: ServerRecord,
  grants: readonly Tokens[],
  opts: { timeoutMs: number; fetch: FetchLike; log: (line: string) => void },
): Promise<RevocationSummary> {
  const summary: RevocationSummary = { attempted: grants.length, revoked: 0, failed: 0, unsupported: 0 };
  const oauth = server.oauth;
  if (!oauth) {
    summary.unsupported = grants.length;
    return summary;
  }
  const queue = [...grants];
  const worker = async () => {
    for (let g = queue.shift(); g; g = queue.shift()) {
      try {
        const r = await revokeTokens(oauth, g, opts.timeoutMs, opts.fetch);
        summary[r === 'revoked' ? 'revoked' : 'unsupported']++;
      } catch (err) {
        summary.failed++;
        opts.log(`revocation at ${server.name} failed: ${err instanceof OAuthFlowError ? err.message : 'error'}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
  if (summary.unsupported > 0)
    opts.log(
      `${server.name} advertises no revocation endpoint: ${summary.unsupported} grant(s) left to expire at the provider`,
    );
  return summary;
}
