/**
 * 0004: who is holding an open upload's reservation (docs/api.md "POST /api/v1/secrets", the per-client
 * cap on reserved bytes). FROZEN — once released, never edit a migration; add a new one.
 *
 * `file_pushes.client_tag` is HMAC-SHA256 of the creating client's address (as the rate limiter keys
 * it) under a key that lives only in the server process's memory (domain/files/client-reservations.ts): it
 * lets the create transaction sum one client's reserved-but-unsent bytes atomically, and it is not a
 * raw address — without the process's key it cannot be tested against guesses. It exists only while
 * the upload is open: the CHECK ties it to the upload token hash, which finalise clears (and abandon,
 * deletion and the drain delete the row). Rows from before 0004 have none (they count for nobody).
 * Like 0003, this runs in its own transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const migration0004: Migration = Object.freeze({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's migration guide types migrations as Kysely<any>: they must not depend on today's schema types.
  async up(db: Kysely<any>): Promise<void> {
    await sql`begin immediate`.execute(db);
    try {
      await db.schema
        .alterTable('file_pushes')
        .addColumn('client_tag', 'blob', (col) =>
          col.check(sql`client_tag is null or (length(client_tag) = 32 and upload_token_hash is not null)`),
        )
        .execute();
      // The create transaction's sum of one client's open reservations.
      await db.schema
        .createIndex('file_pushes_by_client')
        .on('file_pushes')
        .column('client_tag')
        .where(sql.ref('client_tag'), 'is not', null)
        .execute();
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    }
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('file_pushes_by_client').execute();
    await db.schema.alterTable('file_pushes').dropColumn('client_tag').execute();
  },
});
