/**
 * The credentials table: each owner's (a user id or PROJECT_OWNER) tokens for a server, AES-256-GCM
 * encrypted with the row identity as associated data, so a secret copied to another row does not decrypt.
 * Statuses are read without decrypting anything (the status query of `get_authentication_link`).
 */
import type { Database } from 'better-sqlite3';
import { decrypt, encrypt } from '../crypto.js';
import { PROJECT_OWNER } from './records.js';
import type { Credential, CredentialRowInfo, CredentialStatus, Tokens } from './records.js';

/** The status query of `get_authentication_link`: one per user, searched through the primary keys (see store.test.ts). */
export const CREDENTIAL_STATES_SQL =
  'SELECT c.server_id AS serverId, c.status AS status FROM credentials c JOIN servers s ON s.id = c.server_id WHERE c.owner = ? AND s.project_id = ?';

const credentialAad = (owner: string, serverId: number) => `credential:${owner}:${serverId}`;

interface CredentialRow {
  status: CredentialStatus;
  secret: Buffer;
  expires_at: number | null;
  updated_at: number;
}

export class CredentialTable {
  private readonly st: ReturnType<typeof prepare>;

  constructor(
    private readonly db: Database,
    private readonly key: Buffer,
  ) {
    this.st = prepare(db);
  }

  save(owner: string, serverId: number, tokens: Tokens): void {
    const secret = encrypt(
      this.key,
      JSON.stringify({ a: tokens.accessToken, r: tokens.refreshToken }),
      credentialAad(owner, serverId),
    );
    this.st.upsert.run(owner, serverId, secret, tokens.expiresAt ?? null, Date.now());
  }
  get(owner: string, serverId: number): Credential | undefined {
    const row = this.st.get.get(owner, serverId) as CredentialRow | undefined;
    if (!row) return undefined;
    const plain = JSON.parse(decrypt(this.key, row.secret, credentialAad(owner, serverId))) as {
      a: string;
      r?: string;
    };
    return {
      status: row.status,
      accessToken: plain.a,
      refreshToken: plain.r,
      expiresAt: row.expires_at ?? undefined,
      updatedAt: row.updated_at,
    };
  }
  /** Status of each credential `owner` holds in the project, without decrypting anything. */
  states(owner: string, projectId: string): Map<number, CredentialStatus> {
    const rows = this.st.states.all(owner, projectId) as { serverId: number; status: CredentialStatus }[];
    return new Map(rows.map((r) => [r.serverId, r.status]));
  }
  markInvalid(owner: string, serverId: number): void {
    this.st.markInvalid.run(Date.now(), owner, serverId);
  }
  /** Owners holding a credential for the server (users and PROJECT_OWNER), for revocation. */
  owners(serverId: number): string[] {
    return (this.st.owners.all(serverId) as { owner: string }[]).map((r) => r.owner);
  }
  /** How many users (not the project's shared owner) hold a credential, per server id of the project. */
  userCounts(projectId: string): Map<number, number> {
    const rows = this.st.userCounts.all(projectId, PROJECT_OWNER) as { serverId: number; n: number }[];
    return new Map(rows.map((r) => [r.serverId, r.n]));
  }
  delete(owner: string, serverId: number): boolean {
    return this.st.delete.run(owner, serverId).changes > 0;
  }
  /** Every row without its secret, for the test seam. */
  rows(): CredentialRowInfo[] {
    return this.db
      .prepare(
        'SELECT owner, server_id AS serverId, status, updated_at AS updatedAt FROM credentials ORDER BY owner, server_id',
      )
      .all() as CredentialRowInfo[];
  }
}

function prepare(db: Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    upsert:
      p(`INSERT INTO credentials (owner, server_id, status, secret, expires_at, updated_at) VALUES (?, ?, 'valid', ?, ?, ?)
      ON CONFLICT (owner, server_id) DO UPDATE SET status = 'valid', secret = excluded.secret, expires_at = excluded.expires_at, updated_at = excluded.updated_at`),
    get: p('SELECT status, secret, expires_at, updated_at FROM credentials WHERE owner = ? AND server_id = ?'),
    states: p(CREDENTIAL_STATES_SQL),
    markInvalid: p("UPDATE credentials SET status = 'invalid', updated_at = ? WHERE owner = ? AND server_id = ?"),
    delete: p('DELETE FROM credentials WHERE owner = ? AND server_id = ?'),
    owners: p('SELECT owner FROM credentials WHERE server_id = ? ORDER BY owner'),
    userCounts: p(
      'SELECT c.server_id AS serverId, COUNT(*) AS n FROM credentials c JOIN servers s ON s.id = c.server_id WHERE s.project_id = ? AND c.owner <> ? GROUP BY c.server_id',
    ),
  };
}
