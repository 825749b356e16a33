/**
 * SqliteDialect with two changes to kysely's stock driver:
 *
 * 1. Transactions start with BEGIN IMMEDIATE instead of kysely's plain (deferred) BEGIN. A deferred
 *    transaction that reads and then writes can fail with SQLITE_BUSY when another connection (a second
 *    process, a backup tool) writes in between, and busy_timeout cannot help with that upgrade;
 *    IMMEDIATE takes the write lock up front, so busy_timeout applies
 *    (https://sqlite.org/lang_transaction.html). kysely has no option for this (kysely-org/kysely#1152).
 * 2. Prepared statements are cached by SQL text (statement-cache.ts) instead of prepared for every
 *    execution. The cache belongs to the one connection and is cleared when the driver is destroyed.
 *
 * 3. Rollback only rolls back a transaction that is still open. After some errors (SQLITE_FULL, SQLITE_IOERR,
 *    SQLITE_NOMEM, SQLITE_BUSY) SQLite has already rolled the transaction back itself
 *    (https://sqlite.org/lang_transaction.html "Response To Errors Within A Transaction"); a ROLLBACK
 *    then fails with "cannot rollback - no transaction is active", and kysely would throw that error
 *    instead of the one that explains what happened (a full disk).
 *
 * kysely's RuntimeDriver still serialises all use of the single connection (SqliteAdapter says it
 * supports no concurrent connections), so a transaction holds the connection — and with it every
 * cached statement — from BEGIN to COMMIT. kysely's savepoint API is not implemented; the group commit
 * (group-commit.ts) issues its own SAVEPOINT / RELEASE / ROLLBACK TO statements inside one transaction.
 */
import { CompiledQuery, SqliteDialect } from 'kysely';
import type {
  DatabaseConnection,
  Driver,
  QueryResult,
  SqliteDatabase,
  SqliteDialectConfig,
  SqliteStatement,
} from 'kysely';
import { DEFAULT_STATEMENT_CACHE_SIZE, StatementCache } from './statement-cache.ts';

/** better-sqlite3's connection, as far as this driver uses it: kysely's interface plus `inTransaction`. */
type TransactionAwareDatabase = SqliteDatabase & { readonly inTransaction: boolean };

type ImmediateSqliteDialectConfig = Omit<SqliteDialectConfig, 'database'> & {
  database: TransactionAwareDatabase | (() => Promise<TransactionAwareDatabase>);
  /** Most prepared statements kept per connection (least recently used evicted first). */
  statementCacheSize?: number;
};

export class CachingSqliteConnection implements DatabaseConnection {
  readonly #db: SqliteDatabase;
  readonly statements: StatementCache<SqliteStatement>;

  constructor(db: SqliteDatabase, cacheSize: number) {
    this.#db = db;
    this.statements = new StatementCache((sql) => db.prepare(sql), cacheSize);
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const stmt = this.statements.get(sql);
    // kysely types rows by the query it compiled; the driver only carries them through.
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { insertId: BigInt(lastInsertRowid), numAffectedRows: BigInt(changes), rows: [] };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // A statement that is being iterated is busy and cannot run again until the iteration ends, so
    // streams get their own statement rather than a shared cached one.
    const stmt = this.#db.prepare(compiledQuery.sql);
    if (!stmt.reader) throw new Error('the SQLite driver only streams queries that return rows');
    for (const row of stmt.iterate(compiledQuery.parameters)) yield { rows: [row as R] };
  }
}

class ImmediateSqliteDriver implements Driver {
  readonly #config: ImmediateSqliteDialectConfig;
  #db: TransactionAwareDatabase | undefined;
  #connection: CachingSqliteConnection | undefined;

  constructor(config: ImmediateSqliteDialectConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {
    const { database } = this.#config;
    this.#db = typeof database === 'function' ? await database() : database;
    this.#connection = new CachingSqliteConnection(
      this.#db,
      this.#config.statementCacheSize ?? DEFAULT_STATEMENT_CACHE_SIZE,
    );
    if (this.#config.onCreateConnection) await this.#config.onCreateConnection(this.#connection);
  }

  acquireConnection(): Promise<DatabaseConnection> {
    if (this.#connection === undefined) return Promise.reject(new Error('the SQLite driver is not initialised'));
    return Promise.resolve(this.#connection);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // A transaction left open by a rollback that failed would make every BEGIN fail from now on.
    if (this.#db?.inTransaction === true) await connection.executeQuery(CompiledQuery.raw('rollback'));
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite may have rolled back already (see 3. above): then there is nothing to do, and the error
    // that ended the transaction is the one kysely rethrows.
    if (this.#db?.inTransaction !== true) return;
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    // One connection for the process; kysely's mutex decides who holds it.
  }

  async destroy(): Promise<void> {
    this.#connection?.statements.clear();
    this.#connection = undefined;
    this.#db?.close();
    this.#db = undefined;
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ImmediateSqliteDialectConfig;

  constructor(config: ImmediateSqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
