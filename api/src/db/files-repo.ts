/**
 * All SQL for the file-push tables of migration 0003 (`file_pushes`, `secret_files`,
 * `download_grants`). The domain (domain/file-*.ts) composes these inside the secrets repo's
 * `transaction()` — `SecretsRepo.files` is this repo bound to the same connection or transaction — so a
 * push, its files and its audit events change together.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { FILE_CHUNK_BYTES, TAG_BYTES } from '@zkpush/shared/wire-constants';
import { emptyBitmap, hasBit, withBit } from './chunk-bitmap.ts';
import { compileOnce } from './sqlite/compile-once.ts';
import type { Database, DownloadGrantsTable, FilePushesTable, SecretFilesTable } from './schema.ts';

export type FilePushRecord = Selectable<FilePushesTable>;
export type FileRecord = Selectable<SecretFilesTable>;
type GrantRecord = Selectable<DownloadGrantsTable>;
type NewFile = { paddedSize: number; chunks: number };
/** A file of an open upload and that upload's deadline: what a client's reservation is made of. */
export type ReservedFile = Pick<FileRecord, 'padded_size' | 'chunks' | 'received' | 'received_count'> & {
  upload_idle_at: number;
};

export interface FilesRepo {
  /**
   * A push's files, all chunks missing, with its upload open until `uploadIdleAt`, reserved by the
   * client `clientTag` (null: nobody's).
   */
  insertPush(
    id: string,
    uploadTokenHash: Uint8Array,
    uploadIdleAt: number,
    files: readonly NewFile[],
    clientTag: Uint8Array | null,
  ): Promise<void>;
  findPush(id: string): Promise<FilePushRecord | undefined>;
  /** The push's files in manifest order. */
  listFiles(id: string): Promise<FileRecord[]>;
  findFile(id: string, idx: number): Promise<FileRecord | undefined>;
  /** Records chunk `chunk` of file `idx` as stored (or not); false if it already was so. Run in a transaction. */
  markChunk(id: string, idx: number, chunk: number, received: boolean): Promise<boolean>;
  /** Moves the idle deadline of an open upload. */
  touchUpload(id: string, uploadIdleAt: number): Promise<void>;
  /** Ends the upload (token hash, deadline and client tag NULL); false if it was not open. */
  closeUpload(id: string): Promise<boolean>;
  /** Sum of padded sizes of every push holding blobs, by a scan (the quota reads it from the usage row). */
  heldBytes(): Promise<number>;
  /** Blob bytes that open uploads declared but have not written yet (whole chunks, rounded up). */
  pendingUploadBytes(): Promise<number>;
  /** The files of every open upload reserved by `clientTag`. */
  reservedFiles(clientTag: Uint8Array): Promise<ReservedFile[]>;
  /** When the last download grant of the push still open at `now` closes; undefined if none is open. */
  openGrantsUntil(id: string, now: number): Promise<number | undefined>;
  insertGrant(tokenHash: Uint8Array, id: string, expiresAt: number, fileCount: number): Promise<void>;
  findGrant(tokenHash: Uint8Array): Promise<GrantRecord | undefined>;
  /** Marks file `idx` as started under this grant; true only the first time. Run in a transaction. */
  markStarted(tokenHash: Uint8Array, idx: number): Promise<boolean>;
  /** Forgets a push's blobs: its row, its files and every grant (cascade). False if it had none. */
  release(id: string): Promise<boolean>;
  /** Up to `limit` pushes whose open upload saw no chunk before `now`. */
  abandonedUploads(now: number, limit: number): Promise<string[]>;
  /**
   * Up to `limit` pushes whose blobs nobody may read any more: the push ended, expired or was purged,
   * and none of its grants is open at `now`.
   */
  drainable(now: number, limit: number): Promise<string[]>;
  /** Deletes up to `limit` grants whose window closed at or before `now`. */
  purgeClosedGrants(now: number, limit: number): Promise<number>;
  /** Which of `ids` have a `file_pushes` row (the start-up scan for leftover blob directories). */
  existing(ids: readonly string[]): Promise<Set<string>>;
}

const STORED_CHUNK_BYTES = FILE_CHUNK_BYTES + TAG_BYTES;

/**
 * The lookup every reveal and metadata read makes (is this a file push?), compiled once per database
 * like the secrets repo's hot statements (sqlite/compile-once.ts); the repo is re-created per transaction.
 */
export function compileFilesHotQueries(db: Kysely<Database>) {
  return {
    findPush: compileOnce(
      (id: string) => db.selectFrom('file_pushes').selectAll().where('secret_id', '=', id),
      (id) => [id],
      ['sample-id'],
    ),
    // Every create's disk-reserve check (domain/storage-room.ts) — text pushes included.
    pendingUploadBytes: compileOnce(
      () =>
        db
          .selectFrom('secret_files as f')
          .innerJoin('file_pushes as p', 'p.secret_id', 'f.secret_id')
          .where('p.upload_token_hash', 'is not', null)
          .select(
            sql<number>`coalesce(sum(max(0, f.padded_size + ${sql.lit(TAG_BYTES)} * f.chunks
              - f.received_count * ${sql.lit(STORED_CHUNK_BYTES)})), 0)`.as('bytes'),
          ),
      () => [],
      [],
    ),
  };
}

export type FilesHotQueries = ReturnType<typeof compileFilesHotQueries>;

export function createFilesRepo(db: Kysely<Database>, hot = compileFilesHotQueries(db)): FilesRepo {
  const affected = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number =>
    Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);

  return {
    async insertPush(id, uploadTokenHash, uploadIdleAt, files, clientTag) {
      await db
        .insertInto('file_pushes')
        .values({
          secret_id: id,
          file_count: files.length,
          upload_token_hash: uploadTokenHash,
          upload_idle_at: uploadIdleAt,
          client_tag: clientTag,
        })
        .execute();
      await db
        .insertInto('secret_files')
        .values(
          files.map((file, idx) => ({
            secret_id: id,
            idx,
            padded_size: file.paddedSize,
            chunks: file.chunks,
            received: emptyBitmap(file.chunks),
            received_count: 0,
          })),
        )
        .execute();
    },

    findPush: async (id) => (await db.executeQuery(hot.findPush(id))).rows[0],

    listFiles: (id) => db.selectFrom('secret_files').selectAll().where('secret_id', '=', id).orderBy('idx').execute(),

    findFile: (id, idx) =>
      db.selectFrom('secret_files').selectAll().where('secret_id', '=', id).where('idx', '=', idx).executeTakeFirst(),

    async markChunk(id, idx, chunk, received) {
      const row = await db
        .selectFrom('secret_files')
        .select('received')
        .where('secret_id', '=', id)
        .where('idx', '=', idx)
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

    async touchUpload(id, uploadIdleAt) {
      await db
        .updateTable('file_pushes')
        .set({ upload_idle_at: uploadIdleAt })
        .where('secret_id', '=', id)
        .where('upload_token_hash', 'is not', null)
        .execute();
    },

    async closeUpload(id) {
      const result = await db
        .updateTable('file_pushes')
        .set({ upload_token_hash: null, upload_idle_at: null, client_tag: null })
        .where('secret_id', '=', id)
        .where('upload_token_hash', 'is not', null)
        .executeTakeFirst();
      return affected(result) === 1;
    },

    async heldBytes() {
      const row = await db
        .selectFrom('secret_files')
        .select(sql<number>`coalesce(sum(padded_size), 0)`.as('bytes'))
        .executeTakeFirstOrThrow();
      return row.bytes;
    },

    async pendingUploadBytes() {
      return (await db.executeQuery(hot.pendingUploadBytes())).rows[0]?.bytes ?? 0;
    },

    async reservedFiles(clientTag) {
      const rows = await db
        .selectFrom('secret_files as f')
        .innerJoin('file_pushes as p', 'p.secret_id', 'f.secret_id')
        .where('p.client_tag', '=', clientTag)
        .where('p.upload_token_hash', 'is not', null)
        .select(['f.padded_size', 'f.chunks', 'f.received', 'f.received_count', 'p.upload_idle_at'])
        .execute();
      return rows.flatMap((row) =>
        row.upload_idle_at === null ? [] : [{ ...row, upload_idle_at: row.upload_idle_at }],
      );
    },

    async openGrantsUntil(id, now) {
      const row = await db
        .selectFrom('download_grants')
        .select((eb) => eb.fn.max('expires_at').as('until'))
        .where('secret_id', '=', id)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row?.until ?? undefined;
    },

    async insertGrant(tokenHash, id, expiresAt, fileCount) {
      await db
        .insertInto('download_grants')
        .values({ token_hash: tokenHash, secret_id: id, expires_at: expiresAt, started: emptyBitmap(fileCount) })
        .execute();
    },

    findGrant: (tokenHash) =>
      db.selectFrom('download_grants').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),

    async markStarted(tokenHash, idx) {
      const row = await db
        .selectFrom('download_grants')
        .select('started')
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (row === undefined || idx >= row.started.length * 8 || hasBit(row.started, idx)) return false;
      await db
        .updateTable('download_grants')
        .set({ started: withBit(row.started, idx, true) })
        .where('token_hash', '=', tokenHash)
        .execute();
      return true;
    },

    async release(id) {
      const result = await db.deleteFrom('file_pushes').where('secret_id', '=', id).executeTakeFirst();
      return affected(result) === 1;
    },

    async abandonedUploads(now, limit) {
      const rows = await db
        .selectFrom('file_pushes')
        .select('secret_id')
        .where('upload_token_hash', 'is not', null)
        .where('upload_idle_at', '<=', now)
        .limit(limit)
        .execute();
      return rows.map((row) => row.secret_id);
    },

    async drainable(now, limit) {
      const rows = await db
        .selectFrom('file_pushes as p')
        .leftJoin('secrets as s', 's.id', 'p.secret_id')
        .select('p.secret_id')
        .where((eb) => eb.or([eb('s.id', 'is', null), eb('s.state', '<>', 'active'), eb('s.expires_at', '<=', now)]))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('download_grants as g')
                .select('g.token_hash')
                .whereRef('g.secret_id', '=', 'p.secret_id')
                .where('g.expires_at', '>', now),
            ),
          ),
        )
        .limit(limit)
        .execute();
      return rows.map((row) => row.secret_id);
    },

    async purgeClosedGrants(now, limit) {
      const result = await db
        .deleteFrom('download_grants')
        .where('token_hash', 'in', (eb) =>
          eb.selectFrom('download_grants').select('token_hash').where('expires_at', '<=', now).limit(limit),
        )
        .executeTakeFirst();
      return affected(result);
    },

    async existing(ids) {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom('file_pushes').select('secret_id').where('secret_id', 'in', ids).execute();
      return new Set(rows.map((row) => row.secret_id));
    },
  };
}
