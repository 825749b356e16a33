/**
 * SqliteDialect whose transactions start with BEGIN IMMEDIATE instead of kysely's plain (deferred)
 * BEGIN. A deferred transaction that reads and then writes can fail with SQLITE_BUSY when another
 * connection (a second process, a backup tool) writes in between, and busy_timeout cannot help with
 * that upgrade; IMMEDIATE takes the write lock up front, so busy_timeout applies
 * (https://sqlite.org/lang_transaction.html). kysely has no option for this (kysely-org/kysely#1152).
 */
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import type { SqliteDialectConfig } from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
