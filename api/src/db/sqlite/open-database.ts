/**
 * Opens the SQLite database (a file, or ':memory:' for tests) with the pragmas zkpush relies on, and
 * wraps it in kysely. Each pragma is read back: a build of SQLite that silently ignored secure_delete
 * would break the "deleted means gone" promise, so that is a start-up failure, not a warning.
 */
import { closeSync, openSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { ImmediateSqliteDialect } from './immediate-dialect.ts';
import type { Database } from '../schema.ts';

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly memory: boolean;
  /** The database file; undefined for an in-memory database. */
  readonly file: string | undefined;
  /** Sets this connection's `wal_autocheckpoint` threshold in pages (wal-checkpointer.ts). */
  setWalAutoCheckpoint(pages: number): void;
  /** Closes kysely and the underlying connection (SQLite checkpoints and removes the WAL on close). */
  close(): Promise<void>;
}

export const MEMORY = ':memory:';

/** What the WAL file is truncated to when it starts over (`journal_size_limit`). */
export const JOURNAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * When a commit reaches the disk (ZKPUSH_SQLITE_SYNCHRONOUS). `full` (the default): the WAL is synced
 * at every commit, so an answered reveal — a view used, the last one's ciphertext gone — survives an OS
 * crash or power loss. `normal`: synced only at checkpoints; still safe against a crash of the process,
 * but an OS crash can lose the last commits and make a used-up 1-view push revealable again.
 */
export type Synchronous = 'full' | 'normal';

/** What `pragma synchronous` reads back for each mode. */
const SYNCHRONOUS_LEVEL: Readonly<Record<Synchronous, number>> = Object.freeze({ normal: 1, full: 2 });

interface OpenDatabaseOptions {
  /** Default `full`. */
  synchronous?: Synchronous;
  /**
   * Path of better-sqlite3's native addon when it is not in node_modules: the single executable
   * extracts its embedded copy and passes it here (db/sqlite/native-binding.ts).
   */
  nativeBinding?: string;
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): OpenDatabase {
  const memory = file === MEMORY;
  // Create the file owner-only before SQLite does; its -wal and -shm files inherit these permissions.
  if (!memory) closeSync(openSync(file, 'a', 0o600));
  const sqlite = new BetterSqlite3(
    file,
    options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding },
  );
  try {
    configure(sqlite, memory, options.synchronous ?? 'full');
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  let closed = false;
  return {
    db,
    memory,
    file: memory ? undefined : file,
    setWalAutoCheckpoint(pages) {
      if (!Number.isSafeInteger(pages) || pages < 0) throw new RangeError('wal_autocheckpoint must be a page count');
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${pages}`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      // destroy() only closes the connection if kysely ever used it.
      if (sqlite.open) sqlite.close();
    },
  };
}

function configure(sqlite: BetterSqlite3.Database, memory: boolean, synchronous: Synchronous): void {
  const pragma = (statement: string): unknown => sqlite.pragma(statement, { simple: true });
  // WAL lets readers proceed during writes; an in-memory database reports 'memory' and needs none.
  const journal = pragma('journal_mode = WAL');
  if (!memory && journal !== 'wal') throw new Error(`SQLite refused WAL mode (journal_mode=${String(journal)})`);
  // Overwrite freed pages with zeros so consumed ciphertext does not linger in free pages.
  pragma('secure_delete = ON');
  if (pragma('secure_delete') !== 1) throw new Error('SQLite refused secure_delete=ON');
  // A WAL that grew (a burst of writes, a large push) is cut back to this when it starts over, so its
  // file does not stay at its high-water mark (wal-checkpointer.ts bounds how far it can grow).
  pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  pragma('foreign_keys = ON');
  pragma('busy_timeout = 5000');
  // FULL: every commit is on disk before it is answered (see Synchronous).
  pragma(`synchronous = ${synchronous.toUpperCase()}`);
  if (pragma('synchronous') !== SYNCHRONOUS_LEVEL[synchronous]) {
    throw new Error(`SQLite refused synchronous=${synchronous.toUpperCase()}`);
  }
}
