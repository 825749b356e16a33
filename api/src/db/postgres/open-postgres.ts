/**
 * Opens a PostgreSQL pool (`pg`) for kysely's PostgresDialect with the settings of ZKPUSH_DATABASE_*
 * (config.ts, docs/configuration.md). The URL may carry a password, so it is never logged or put in an
 * error message here.
 *
 * Types: the schema stores epoch milliseconds and byte sums as `bigint`, and `count(*)`/`sum()` answer
 * `bigint`/`numeric`; `pg` would hand those over as strings. The repos expect numbers (db/schema.ts,
 * the same rows as SQLite), so this pool parses them as numbers — and throws rather than rounding
 * past 2^53, which no timestamp or byte count of zkpush reaches.
 */
import { readFileSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../../config/config.ts';
import type { Database } from '../schema.ts';

export interface OpenPostgres {
  readonly db: Kysely<Database>;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function safeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`PostgreSQL returned ${text}, not a safe integer`);
  return value;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? safeNumber
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** `ssl` for pg from ZKPUSH_DATABASE_SSL_MODE; undefined leaves it to the URL. */
function sslOptions(config: DatabaseConfig): pg.PoolConfig['ssl'] {
  switch (config.sslMode) {
    case 'url':
      return undefined;
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-full':
      return config.sslCaFile === undefined
        ? { rejectUnauthorized: true }
        : { rejectUnauthorized: true, ca: readFileSync(config.sslCaFile, 'utf8') };
  }
}

export function openPostgres(config: DatabaseConfig): OpenPostgres {
  const ssl = sslOptions(config);
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    statement_timeout: config.statementTimeoutMs,
    // A transaction left open (a bug, a hung client) must not hold row locks forever.
    idle_in_transaction_session_timeout: Math.max(config.statementTimeoutMs, 60_000),
    application_name: 'zkpush',
    types,
    ...(ssl === undefined ? {} : { ssl }),
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that would
  // crash the process. The next query gets a fresh connection (and its own error if the server is down).
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      // Ends the pool too.
      await db.destroy();
    },
  };
}
