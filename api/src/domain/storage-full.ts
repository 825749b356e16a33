/**
 * Recognises a write that failed because the disk is full — SQLite's SQLITE_FULL (the database or its
 * WAL could not grow), the I/O errors a full file system gives, PostgreSQL's SQLSTATE 53100 disk_full, or a blob write's ENOSPC — so that it is answered with 507 `storage_full` and
 * logged as what it is, not as an unexplained 500. Nothing was changed by such a write: SQLite has
 * rolled its transaction back (db/sqlite/immediate-dialect.ts), and a chunk that was not written in
 * full is never recorded.
 */
const FULL_CODES: ReadonlySet<string> = new Set([
  'SQLITE_FULL',
  // PostgreSQL's SQLSTATE disk_full.
  '53100',
  'ENOSPC',
  'EDQUOT',
  // SQLite turns ENOSPC from write() into SQLITE_FULL, but a full file system also surfaces as these
  // extended I/O errors (sqlite3 os_unix.c): an fsync of blocks the file system could not allocate
  // after all (delayed allocation, thin provisioning, network file systems), growing the WAL index
  // (-shm) file, and pre-allocating a file for growth (SQLITE_FCNTL_SIZE_HINT). The same codes can come
  // from a failing disk; either way the write did not happen, the log names SQLite's code, and 507
  // `storage_full` tells the client nothing changed — never a 500 (docs/api.md "Errors").
  'SQLITE_IOERR_FSYNC',
  'SQLITE_IOERR_DIR_FSYNC',
  'SQLITE_IOERR_SHMSIZE',
  'SQLITE_IOERR_WRITE',
]);

export function isStorageFull(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const { code } = err;
  return typeof code === 'string' && FULL_CODES.has(code);
}
