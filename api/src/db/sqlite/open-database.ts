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
  /** Closes kysely and the underlying connection (SQLite checkpoints and removes the WAL on close). */
  close(): Promise<void>;
}

export const MEMORY = ':memory:';

interface OpenDatabaseOptions {
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
    configure(sqlite, memory);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  let closed = false;
  return {
    db,
    memory,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      // destroy() only closes the connection if kysely ever used it.
      if (sqlite.open) sqlite.close();
    },
  };
}

function configure(sqlite: BetterSqlite3.Database, memory: boolean): void {
  const pragma = (statement: string): unknown => sqlite.pragma(statement, { simple: true });
  // WAL lets readers proceed during writes; an in-memory database reports 'memory' and needs none.
  const journal = pragma('journal_mode = WAL');
  if (!memory && journal !== 'wal') throw new Error(`SQLite refused WAL mode (journal_mode=${String(journal)})`);
  // Overwrite freed pages with zeros so consumed ciphertext does not linger in free pages.
  pragma('secure_delete = ON');
  if (pragma('secure_delete') !== 1) throw new Error('SQLite refused secure_delete=ON');
  pragma('foreign_keys = ON');
  pragma('busy_timeout = 5000');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
  pragma('synchronous = NORMAL');
}
