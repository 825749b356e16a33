/**
 * 0003: file pushes (issue 4, docs/api.md "File pushes"). FROZEN — once released, never edit a
 * migration; add a new one.
 *
 * A file push is an ordinary `secrets` row (its envelope is the encrypted manifest, so the 0001/0002
 * CHECKs keep holding: an uploading push is `active` with its envelope and views left) plus rows in
 * three new tables. They live beside `secrets` rather than in it so that the text path's statements
 * and the `secrets` CHECKs stay as they are; "is this a file push" is "has a `file_pushes` row".
 *
 * - `file_pushes`: one row per push whose blobs exist (uploading, revealable, or ended but still
 *   downloadable by an open grant). Upload token hash and idle deadline are set together while the
 *   upload is open and cleared together at finalise. Deleting the row (with its files and grants, by
 *   cascade) is how the database lets go of a push's blobs; the quota counts these rows only.
 * - `secret_files`: per file its padded size, chunk count and which chunks are stored (a bitmap,
 *   bit i of byte ⌊i/8⌋ little-endian, plus a count), so an upload can resume and finalise can refuse
 *   a push with a missing chunk. 1048576 is FILE_CHUNK_BYTES (frozen in wire format v1).
 * - `download_grants`: SHA-256 of each reveal's download token, its push and window end, and a bitmap
 *   of the files this grant has started downloading (for the `download_started` audit event).
 * - `secret_events` is rebuilt with the three new event types in its CHECK (SQLite cannot alter a
 *   CHECK); rows keep their `seq`, and the AUTOINCREMENT high-water mark is carried over so no `seq` is
 *   ever reused. The type list is spelled out here, not imported, for the same reason as in 0002.
 *
 * No foreign key points at `secrets`: the sweeper may purge a tombstone (ZKPUSH_AUDIT_RETENTION=0)
 * while a grant on it is still open, and the blobs must outlive the row until the grant closes.
 * Like 0002, this migration runs in its own transaction (kysely does not wrap SQLite DDL).
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const EVENT_TYPES_0003 = [
  'created',
  'viewed',
  'failed_key',
  'failed_passphrase',
  'locked',
  'expired_by_views',
  'expired_by_time',
  'deleted_by_creator',
  'deleted_by_viewer',
  'upload_completed',
  'upload_abandoned',
  'download_started',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's migration guide types migrations as Kysely<any>: they must not depend on today's schema types.
async function rebuildEvents(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'secret_events'`.execute(db);
  const highWater = rows[0]?.seq ?? 0;
  await db.schema
    .createTable('secret_events_0003')
    .addColumn('seq', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('secret_id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('at', 'integer', (col) => col.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('referrer', 'text')
    .addCheckConstraint('secret_events_type', sql`type in (${sql.join(EVENT_TYPES_0003.map((t) => sql.lit(t)))})`)
    .addCheckConstraint(
      'secret_events_lengths',
      sql`coalesce(length(ip), 0) <= 64 and coalesce(length(user_agent), 0) <= 512
        and coalesce(length(referrer), 0) <= 512`,
    )
    .modifyEnd(sql`strict`)
    .execute();
  await sql`insert into secret_events_0003 (seq, secret_id, type, at, ip, user_agent, referrer)
    select seq, secret_id, type, at, ip, user_agent, referrer from secret_events`.execute(db);
  await db.schema.dropTable('secret_events').execute();
  await db.schema.alterTable('secret_events_0003').renameTo('secret_events').execute();
  await sql`update sqlite_sequence set seq = max(seq, ${highWater}) where name = 'secret_events'`.execute(db);
  await sql`insert into sqlite_sequence (name, seq) select 'secret_events', ${highWater}
    where ${highWater} > 0 and not exists (select 1 from sqlite_sequence where name = 'secret_events')`.execute(db);
  await db.schema.createIndex('secret_events_by_secret').on('secret_events').columns(['secret_id', 'seq']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
async function createFileTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('file_pushes')
    .addColumn('secret_id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('file_count', 'integer', (col) => col.notNull().check(sql`file_count >= 1`))
    .addColumn('upload_token_hash', 'blob')
    .addColumn('upload_idle_at', 'integer')
    .addCheckConstraint(
      'file_pushes_upload',
      sql`(upload_token_hash is null and upload_idle_at is null)
        or (upload_token_hash is not null and length(upload_token_hash) = 32 and upload_idle_at is not null)`,
    )
    .modifyEnd(sql`strict`)
    .execute();
  // The sweeper's scan for abandoned uploads.
  await db.schema
    .createIndex('file_pushes_upload_idle')
    .on('file_pushes')
    .column('upload_idle_at')
    .where(sql.ref('upload_token_hash'), 'is not', null)
    .execute();

  await db.schema
    .createTable('secret_files')
    .addColumn('secret_id', 'text', (col) => col.notNull().references('file_pushes.secret_id').onDelete('cascade'))
    .addColumn('idx', 'integer', (col) => col.notNull())
    .addColumn('padded_size', 'integer', (col) => col.notNull())
    .addColumn('chunks', 'integer', (col) => col.notNull())
    .addColumn('received', 'blob', (col) => col.notNull())
    .addColumn('received_count', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('secret_files_pk', ['secret_id', 'idx'])
    .addCheckConstraint(
      'secret_files_layout',
      sql`idx >= 0 and padded_size >= 512 and chunks = (padded_size + 1048575) / 1048576
        and length(received) = (chunks + 7) / 8 and received_count >= 0 and received_count <= chunks`,
    )
    .modifyEnd(sql`strict, without rowid`)
    .execute();

  await db.schema
    .createTable('download_grants')
    .addColumn('token_hash', 'blob', (col) => col.primaryKey().notNull())
    .addColumn('secret_id', 'text', (col) => col.notNull().references('file_pushes.secret_id').onDelete('cascade'))
    .addColumn('expires_at', 'integer', (col) => col.notNull())
    .addColumn('started', 'blob', (col) => col.notNull())
    .addCheckConstraint('download_grants_hash', sql`length(token_hash) = 32`)
    .modifyEnd(sql`strict, without rowid`)
    .execute();
  // "Does this push still have an open grant", and the cascade from file_pushes.
  await db.schema
    .createIndex('download_grants_by_secret')
    .on('download_grants')
    .columns(['secret_id', 'expires_at'])
    .execute();
  // The sweeper's scan for closed grants.
  await db.schema.createIndex('download_grants_expiry').on('download_grants').column('expires_at').execute();
}

export const migration0003: Migration = Object.freeze({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async up(db: Kysely<any>): Promise<void> {
    await sql`begin immediate`.execute(db);
    try {
      await rebuildEvents(db);
      await createFileTables(db);
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    }
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('download_grants').execute();
    await db.schema.dropTable('secret_files').execute();
    await db.schema.dropTable('file_pushes').execute();
  },
});
