/**
 * The store the server runs on, chosen by engine: SQLite in the data directory (the default), or
 * PostgreSQL when ZKPUSH_DATABASE_URL is set (docs/self-hosting.md "PostgreSQL"). Either way it opens
 * the database, brings the schema up to date (refusing a schema newer than this build knows) and
 * returns the one SecretsRepo interface the domain uses — so no behaviour differs through the API.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { MigrationProvider } from 'kysely/migration';
import type { Config } from '../config/config.ts';
import { errorFields, type Logger } from '../logger.ts';
import { bundledMigrations } from './migrations/index.ts';
import { migrateToLatest } from './migrations/migrate.ts';
import { bundledPgMigrations } from './postgres/migrations/index.ts';
import type { Database } from './schema.ts';
import { advisoryLeadership, type Exclusive } from './postgres/leader-lock.ts';
import { migratePostgres } from './postgres/migrations/migrate.ts';
import { openPostgres } from './postgres/open-postgres.ts';
import { postgresRateBuckets, sharedClientKeys } from './postgres/postgres-rate-buckets.ts';
import type { RateBucketsFactory } from '../rate-limit/rate-buckets.ts';
import { createPostgresSecretsRepo } from './postgres/postgres-secrets-repo.ts';
import { createSecretsRepo, type SecretsRepo } from './secrets-repo.ts';
import { openDatabase } from './sqlite/open-database.ts';
import { startWalCheckpointer, type WalCheckpointer } from './sqlite/wal-checkpointer.ts';

export const DB_FILE = 'zkpush.sqlite';

export type Engine = 'sqlite' | 'postgres';

export interface Store {
  readonly engine: Engine;
  readonly repo: SecretsRepo;
  /** The query builder on the same database, for the other repositories (auth-repo.ts) and /readyz. */
  readonly db: Kysely<Database>;
  /** This engine's migrations (what /readyz compares the database with). */
  readonly migrations: MigrationProvider;
  /** PostgreSQL: the connection pool's counts, for /metrics; undefined on SQLite. */
  readonly pool: (() => { total: number; idle: number; waiting: number }) | undefined;
  /** Where the sweeper's checkpoints run: SQLite's WAL worker; undefined means `repo.checkpoint`. */
  readonly checkpointer: Pick<WalCheckpointer, 'offThread' | 'checkpoint'> | undefined;
  /** PostgreSQL: lets one instance at a time run the sweeper (postgres/leader-lock.ts). */
  readonly exclusive: Exclusive | undefined;
  /** PostgreSQL: rate-limit buckets every instance shares; undefined keeps them in memory. */
  readonly rateBuckets: RateBucketsFactory | undefined;
  /** PostgreSQL: the upload client-tag key all instances share; undefined: one made per process. */
  readonly uploadClientTagKey: Uint8Array | undefined;
  /** Migrations this open applied. */
  readonly applied: readonly string[];
  close(): Promise<void>;
}

type StoreOptions = {
  logger: Logger;
  nativeBinding?: string | undefined;
  /** SQLite: told the size of each group commit (metrics). */
  onGroupCommit?: ((jobs: number) => void) | undefined;
};

export async function openStore(config: Config, options: StoreOptions): Promise<Store> {
  return config.database === undefined ? openSqliteStore(config, options) : openPostgresStore(config.database);
}

async function openPostgresStore(database: NonNullable<Config['database']>): Promise<Store> {
  const pg = openPostgres(database);
  try {
    const applied = await migratePostgres(pg.db);
    const keys = await sharedClientKeys(pg.db);
    const { pool } = pg;
    return {
      engine: 'postgres',
      repo: createPostgresSecretsRepo(pg.db),
      db: pg.db,
      migrations: bundledPgMigrations,
      pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      checkpointer: undefined,
      exclusive: advisoryLeadership(pg.db),
      rateBuckets: postgresRateBuckets(pg.db, keys.rateBuckets),
      uploadClientTagKey: keys.uploadClientTag,
      applied,
      close: pg.close,
    };
  } catch (err) {
    await pg.close();
    throw err;
  }
}

async function openSqliteStore(config: Config, options: StoreOptions): Promise<Store> {
  const { logger, nativeBinding, onGroupCommit } = options;
  const database = openDatabase(join(config.dataDir, DB_FILE), {
    nativeBinding,
    synchronous: config.sqliteSynchronous,
  });
  let checkpointer: WalCheckpointer | undefined;
  try {
    const applied = await migrateToLatest(database.db);
    const repo = createSecretsRepo(
      database.db,
      onGroupCommit === undefined ? {} : { groupCommit: { onCommit: (jobs) => onGroupCommit(jobs) } },
    );
    // After the migrations: the worker's connection must never see a half-migrated schema.
    checkpointer = await startWalCheckpointer({
      file: database.file,
      ...(nativeBinding === undefined ? {} : { nativeBinding }),
      onServerConnection: (mode) => repo.checkpoint(mode),
      setAutoCheckpoint: (pages) => database.setWalAutoCheckpoint(pages),
      onWorkerError: (err) =>
        logger.error('checkpoint worker failed; checkpoints run on the server thread', errorFields(err)),
    });
    if (!checkpointer.offThread) logger.info('WAL checkpoints run on the server thread (no checkpoint worker)');
    const worker = checkpointer;
    return {
      engine: 'sqlite',
      repo,
      db: database.db,
      migrations: bundledMigrations,
      pool: undefined,
      checkpointer: worker,
      exclusive: undefined,
      rateBuckets: undefined,
      uploadClientTagKey: undefined,
      applied,
      async close() {
        // The worker first, so the server's connection is the last and removes the WAL.
        await worker.close();
        await database.close();
      },
    };
  } catch (err) {
    await checkpointer?.close();
    await database.close();
    throw err;
  }
}
