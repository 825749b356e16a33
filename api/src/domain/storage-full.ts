/**
 * Recognises a write that failed because the disk is full — SQLite's SQLITE_FULL (the database or its
 * WAL could not grow), PostgreSQL's SQLSTATE 53100 disk_full, or a blob write's ENOSPC — so that it is answered with 507 `storage_full` and
 * logged as what it is, not as an unexplained 500. Nothing was changed by such a write: SQLite has
 * rolled its transaction back (db/sqlite/immediate-dialect.ts), and a chunk that was not written in
 * full is never recorded.
 */
const FULL_CODES: ReadonlySet<string> = new Set(['SQLITE_FULL', '53100', 'ENOSPC', 'EDQUOT']);

export function isStorageFull(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const { code } = err;
  return typeof code === 'string' && FULL_CODES.has(code);
}
