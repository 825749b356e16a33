/**
 * SecretsRepo on PostgreSQL (ZKPUSH_DATABASE_URL). The statements are db/secrets-repo.ts's — kysely
 * compiles them for PostgreSQL — except where SQLite's one-writer-at-a-time made a read-then-write
 * atomic for free. Under PostgreSQL's READ COMMITTED, with several instances on one database:
 *
 * - Inside `transaction()`, `find` and `findWithEnvelope` read the push `FOR UPDATE`: every reveal,
 *   burn, passphrase attempt and audit-cap check on one push runs after the previous one committed and
 *   sees what it wrote. So a 1-view push is revealed once however many requests race for it, wrong
 *   passphrases are counted exactly, and the audit cap holds (domain/secrets/key-holder.ts). The
 *   UPDATEs are conditional as well (`state = 'active'`, `views_left > 0`), a second line of defence.
 * - Inside `transaction()`, `storageUsage` reads the usage row `FOR UPDATE`: the quota check and the
 *   insert that takes the room happen as one (domain/storage-room.ts).
 * - `expireDue` locks the pushes it ends with `SKIP LOCKED`: a push being revealed right now is left
 *   for the next pass (every read checks expiry itself), and the sweeper never waits on a request.
 * - `checkpoint` — SQLite's WAL checkpoint, the sweeper's last step — is a VACUUM of the tables that
 *   hold ciphertext or its traces, so the dead row versions of ended pushes are removed on the
 *   sweeper's schedule (docs/security.md says what that does and does not guarantee).
 * - `transaction()` is a plain PostgreSQL transaction, run again on a deadlock (transaction-retry.ts).
 */
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { compileFilesHotQueries, type FilesHotQueries } from '../files-repo.ts';
import { expireCandidates, repoOn, type SecretsRepo } from '../secrets-repo.ts';
import type { Database } from '../schema.ts';
import { compileHotQueries, type HotQueries } from '../sqlite/secrets-hot-queries.ts';
import { createPostgresFilesRepo } from './postgres-files-repo.ts';
import { retryingTransaction } from './transaction-retry.ts';

/** Every table whose dead tuples can hold ciphertext, hashes or audit details of ended pushes. */
const VACUUMED = ['secrets', 'secret_events', 'file_pushes', 'secret_files', 'download_grants'];

export function createPostgresSecretsRepo(db: Kysely<Database>): SecretsRepo {
  const hot = compileHotQueries(db);
  const filesHot = compileFilesHotQueries(db);
  return postgresRepoOn(db, db, hot, filesHot, false);
}

function postgresRepoOn(
  root: Kysely<Database>,
  db: Kysely<Database>,
  hot: HotQueries,
  filesHot: FilesHotQueries,
  inTransaction: boolean,
): SecretsRepo {
  const base = repoOn(db, hot, filesHot);
  const { find, findWithEnvelope, storageUsage } = base;

  return {
    ...base,
    files: createPostgresFilesRepo(db, filesHot, inTransaction),

    find: inTransaction ? async (id) => (await db.executeQuery(forUpdate(hot.find(id)))).rows[0] : find,

    findWithEnvelope: inTransaction
      ? async (id) => (await db.executeQuery(forUpdate(hot.findWithEnvelope(id)))).rows[0]
      : findWithEnvelope,

    storageUsage: inTransaction
      ? async () => {
          const row = await db
            .selectFrom('storage_usage')
            .select(['envelope_bytes', 'file_bytes'])
            .where('id', '=', 1)
            .forUpdate()
            .executeTakeFirst();
          return { envelopeBytes: row?.envelope_bytes ?? 0, fileBytes: row?.file_bytes ?? 0 };
        }
      : storageUsage,

    async expireDue(now, limit, maxBytes = Number.POSITIVE_INFINITY) {
      const candidates = await db
        .selectFrom('secrets')
        .select(['id', 'expires_at', sql<number>`coalesce(length(envelope), 0)`.as('bytes')])
        .where('state', '=', 'active')
        .where('expires_at', '<=', now)
        .orderBy('expires_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      return expireCandidates(db, candidates, limit, maxBytes);
    },

    async checkpoint() {
      // VACUUM cannot run inside a transaction; on one pooled connection, outside any. Exempt from
      // ZKPUSH_DATABASE_STATEMENT_TIMEOUT (a large table may take longer, and a cancelled VACUUM would
      // leave the dead tuples); it takes no lock that blocks requests. Not FULL: that rewrites the
      // tables under an exclusive lock (docs/security.md "PostgreSQL: what deleted means there").
      await root.connection().execute(async (conn) => {
        await sql`set statement_timeout = 0`.execute(conn);
        try {
          await sql`vacuum ${sql.join(VACUUMED.map((table) => sql.id(table)))}`.execute(conn);
        } finally {
          await sql`reset statement_timeout`.execute(conn);
        }
      });
      return { busy: false };
    },

    transaction: (fn) => {
      if (inTransaction) return Promise.reject(new Error('transactions do not nest'));
      return retryingTransaction(root, (trx) => fn(postgresRepoOn(root, trx, hot, filesHot, true)));
    },
  };
}

/** The same compiled SELECT, locking the row it reads until the transaction ends. */
function forUpdate<R>(query: CompiledQuery<R>): CompiledQuery<R> {
  return { ...query, sql: `${query.sql} for update` };
}
