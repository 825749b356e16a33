/**
 * Prepared statements by SQL text, least recently used evicted first.
 *
 * kysely's stock SqliteDriver calls `db.prepare(sql)` for every statement it runs; SQLite parses and
 * plans the SQL again each time, which was 13–19 % of the server's CPU on create and reveal
 * (docs/performance.md). kysely emits the same text for the same query shape (values are bound as
 * parameters), so a small cache catches every hot statement. The bound keeps memory flat when a
 * cold path emits many shapes (e.g. `where id in (?, ?, …)` with a varying number of ids). An
 * evicted statement is simply dropped: better-sqlite3 finalizes it when it is garbage-collected.
 *
 * SQLite re-prepares a cached statement by itself if the schema changes under it (a migration), so
 * a cached statement never runs against a stale plan (https://sqlite.org/c3ref/prepare.html).
 */

export const DEFAULT_STATEMENT_CACHE_SIZE = 100;

export class StatementCache<S> {
  readonly #prepare: (sql: string) => S;
  readonly #capacity: number;
  readonly #statements = new Map<string, S>();

  constructor(prepare: (sql: string) => S, capacity = DEFAULT_STATEMENT_CACHE_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('statement cache capacity must be ≥ 1');
    this.#prepare = prepare;
    this.#capacity = capacity;
  }

  /** The statement for `sql`, prepared on first use; marks it most recently used. */
  get(sql: string): S {
    const found = this.#statements.get(sql);
    if (found !== undefined) {
      // Map iterates in insertion order: re-inserting moves the entry to the most-recent end.
      this.#statements.delete(sql);
      this.#statements.set(sql, found);
      return found;
    }
    // Prepare before inserting: SQL that fails to prepare throws and is not cached.
    const statement = this.#prepare(sql);
    this.#statements.set(sql, statement);
    if (this.#statements.size > this.#capacity) {
      const oldest = this.#statements.keys().next();
      if (oldest.done !== true) this.#statements.delete(oldest.value);
    }
    return statement;
  }

  /** Drops every statement (the connection is closing; its statements must not be run again). */
  clear(): void {
    this.#statements.clear();
  }

  get size(): number {
    return this.#statements.size;
  }

  get capacity(): number {
    return this.#capacity;
  }

  has(sql: string): boolean {
    return this.#statements.has(sql);
  }
}
