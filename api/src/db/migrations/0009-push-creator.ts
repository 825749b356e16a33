/**
 * 0009: who created a push and who may open it (issue 12 §4–§5). FROZEN — once released, never edit a
 * migration; add a new one.
 *
 * - `creator_user_id`: the signed-in user (or API token's user) that created the push; NULL for an
 *   anonymous create and for every row from before 0009. Indexed with `created_at` for "my pushes"
 *   and the admin team view, newest first.
 * - `recipient`: a recipient-bound link's constraint, `alice@example.com` or `@example.com`
 *   (lower-cased at create); NULL when anyone holding the link may open it.
 * Neither is a key, a link or content. Engine-neutral: only kysely's schema builder.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const migration0009: Migration = Object.freeze({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's migration guide types migrations as Kysely<any>: they must not depend on today's schema types.
  async up(db: Kysely<any>): Promise<void> {
    // No foreign key: SQLite cannot add one with ALTER TABLE, and a push outlives nothing by it — a
    // deleted user's pushes simply list with no creator email.
    await db.schema.alterTable('secrets').addColumn('creator_user_id', 'text').execute();
    await db.schema.alterTable('secrets').addColumn('recipient', 'text').execute();
    await db.schema.createIndex('secrets_creator').on('secrets').columns(['creator_user_id', 'created_at']).execute();
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('secrets_creator').execute();
    await db.schema.alterTable('secrets').dropColumn('recipient').execute();
    await db.schema.alterTable('secrets').dropColumn('creator_user_id').execute();
  },
});
