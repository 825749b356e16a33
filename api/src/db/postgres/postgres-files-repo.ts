/**
 * FilesRepo on PostgreSQL: db/files-repo.ts's statements, except where they relied on SQLite running
 * one writer at a time. Under PostgreSQL's READ COMMITTED two transactions can read the same row at
 * once, so every read-then-write locks what it reads:
 *
 * - `markChunk` and `markStarted` read their bitmap `FOR UPDATE`, so two PUTs of the same chunk (or two
 *   downloads of the same file) on different instances count once;
 * - `reservedFiles`, inside a transaction, first takes a transaction-scoped advisory lock on the
 *   client's tag, so two creates by one client are judged one after the other against the same cap
 *   (domain/files/client-reservations.ts);
 * - `pendingUploadBytes` spells SQLite's scalar `max(a, b)` as `greatest`.
 */
import { sql, type Kysely } from 'kysely';
import { FILE_CHUNK_BYTES, TAG_BYTES } from '@zkpush/shared/wire-constants';
import { hasBit, withBit } from '../chunk-bitmap.ts';
import { createFilesRepo, type FilesHotQueries, type FilesRepo } from '../files-repo.ts';
import type { Database } from '../schema.ts';

const STORED_CHUNK_BYTES = FILE_CHUNK_BYTES + TAG_BYTES;

/** Advisory-lock namespace of per-client reservation checks (first key of the two-int form). */
export const RESERVATION_LOCK_SPACE = 0x7a6b7072;

export function createPostgresFilesRepo(db: Kysely<Database>, hot: FilesHotQueries, inTransaction: boolean): FilesRepo {
  const base = createFilesRepo(db, hot);
  return {
    ...base,

    async markChunk(id, idx, chunk, received) {
      const row = await db
        .selectFrom('secret_files')
        .select('received')
        .where('secret_id', '=', id)
        .where('idx', '=', idx)
        .forUpdate()
        .executeTakeFirst();
      if (row === undefined || hasBit(row.received, chunk) === received) return false;
      await db
        .updateTable('secret_files')
        .set((eb) => ({
          received: withBit(row.received, chunk, received),
          received_count: eb('received_count', received ? '+' : '-', 1),
        }))
        .where('secret_id', '=', id)
        .where('idx', '=', idx)
        .execute();
      return true;
    },

    async markStarted(tokenHash, idx) {
      const row = await db
        .selectFrom('download_grants')
        .select('started')
        .where('token_hash', '=', tokenHash)
        .forUpdate()
        .executeTakeFirst();
      if (row === undefined || idx >= row.started.length * 8 || hasBit(row.started, idx)) return false;
      await db
        .updateTable('download_grants')
        .set({ started: withBit(row.started, idx, true) })
        .where('token_hash', '=', tokenHash)
        .execute();
      return true;
    },

    async reservedFiles(clientTag) {
      if (inTransaction) {
        // hashtext folds the 32-byte tag to the int4 the two-key advisory lock takes; a collision only
        // makes two clients wait for each other, never share a cap.
        await sql`select pg_advisory_xact_lock(${sql.lit(RESERVATION_LOCK_SPACE)}, hashtext(encode(${clientTag}, 'hex')))`.execute(
          db,
        );
      }
      return base.reservedFiles(clientTag);
    },

    async pendingUploadBytes() {
      const row = await db
        .selectFrom('secret_files as f')
        .innerJoin('file_pushes as p', 'p.secret_id', 'f.secret_id')
        .where('p.upload_token_hash', 'is not', null)
        .select(
          sql<number>`coalesce(sum(greatest(0, f.padded_size + ${sql.lit(TAG_BYTES)} * f.chunks
            - f.received_count * ${sql.lit(STORED_CHUNK_BYTES)})), 0)`.as('bytes'),
        )
        .executeTakeFirstOrThrow();
      return row.bytes;
    },
  };
}
