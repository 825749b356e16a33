/**
 * 0006: what the server stores, counted as it changes (docs/api.md "POST /api/v1/secrets", the storage
 * quota). FROZEN — once released, never edit a migration; add a new one.
 *
 * The storage quota counts every push's envelope (text, or a file push's manifest) and the padded
 * sizes of the files still held. Summing them in the create transaction would cost a scan of every
 * active row per create, so one row, `storage_usage` (id 1), holds both sums and triggers keep it
 * exact: on insert, on any update of `envelope` (reveal of the last view, expiry, deletion, lock-out
 * set it NULL) and on delete of a `secrets` row; on insert and delete of a `secret_files` row
 * (deleting a `file_pushes` row deletes its files by cascade, which fires the delete trigger). The
 * row starts from the sums of what is already stored. A later migration that rebuilds `secrets` or
 * `secret_files` (create, copy, drop, rename) drops their triggers and must create them again.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const TRIGGERS = [
  sql`create trigger storage_usage_secret_insert after insert on secrets when new.envelope is not null
    begin update storage_usage set envelope_bytes = envelope_bytes + length(new.envelope) where id = 1; end`,
  sql`create trigger storage_usage_secret_envelope after update of envelope on secrets
    begin update storage_usage
      set envelope_bytes = envelope_bytes - coalesce(length(old.envelope), 0) + coalesce(length(new.envelope), 0)
      where id = 1; end`,
  sql`create trigger storage_usage_secret_delete after delete on secrets when old.envelope is not null
    begin update storage_usage set envelope_bytes = envelope_bytes - length(old.envelope) where id = 1; end`,
  sql`create trigger storage_usage_file_insert after insert on secret_files
    begin update storage_usage set file_bytes = file_bytes + new.padded_size where id = 1; end`,
  sql`create trigger storage_usage_file_delete after delete on secret_files
    begin update storage_usage set file_bytes = file_bytes - old.padded_size where id = 1; end`,
];

const TRIGGER_NAMES = [
  'storage_usage_secret_insert',
  'storage_usage_secret_envelope',
  'storage_usage_secret_delete',
  'storage_usage_file_insert',
  'storage_usage_file_delete',
];

export const migration0006: Migration = Object.freeze({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's migration guide types migrations as Kysely<any>: they must not depend on today's schema types.
  async up(db: Kysely<any>): Promise<void> {
    await sql`begin immediate`.execute(db);
    try {
      await db.schema
        .createTable('storage_usage')
        .addColumn('id', 'integer', (col) => col.primaryKey().check(sql`id = 1`))
        .addColumn('envelope_bytes', 'integer', (col) => col.notNull().check(sql`envelope_bytes >= 0`))
        .addColumn('file_bytes', 'integer', (col) => col.notNull().check(sql`file_bytes >= 0`))
        .execute();
      await sql`insert into storage_usage (id, envelope_bytes, file_bytes) values (1,
        (select coalesce(sum(length(envelope)), 0) from secrets where envelope is not null),
        (select coalesce(sum(padded_size), 0) from secret_files))`.execute(db);
      for (const trigger of TRIGGERS) await trigger.execute(db);
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    }
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async down(db: Kysely<any>): Promise<void> {
    for (const name of TRIGGER_NAMES) await sql`drop trigger if exists ${sql.id(name)}`.execute(db);
    await db.schema.dropTable('storage_usage').execute();
  },
});
