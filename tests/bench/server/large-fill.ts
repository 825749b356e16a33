/**
 * Fills a migrated zkpush database with text pushes as fast as SQLite takes them (`pnpm bench:large`):
 * one transaction of prepared inserts, a rollback journal instead of the WAL while filling (no 1 GB
 * WAL to checkpoint afterwards) and no syncs — this is a benchmark's scratch file, not data. Each push
 * is what a create stores: the row with a 1 KiB envelope and its `created` event; the storage-usage
 * triggers keep counting as they do in production.
 *
 * `expiring` more pushes get the sentinel expiry EXPIRING_AT (far in the future, so nothing sweeps them
 * early); the benchmark later moves them to a moment during its timed run.
 */
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';

/** The part of better-sqlite3 the fill uses (the package is the API's dependency, loaded from there). */
interface SqliteDatabase {
  pragma(statement: string): unknown;
  prepare(sql: string): { run(...params: unknown[]): unknown };
  transaction(fn: () => void): () => void;
  close(): void;
}
export type SqliteConstructor = new (file: string) => SqliteDatabase;

export function isSqliteConstructor(value: unknown): value is SqliteConstructor {
  return typeof value === 'function';
}

/** The expiry the pushes to be swept are filled with (2100-01-01T00:00:00.001Z). */
export const EXPIRING_AT = 4_102_444_800_001;
const ENVELOPE_BYTES = 1024 + 41; // a 1 KiB secret sealed: version, nonce, tag, padding (about)
const DAY_MS = 86_400_000;

export function fillDatabase(
  Database: SqliteConstructor,
  file: string,
  pushes: number,
  expiring: number,
): { seconds: number; bytes: number } {
  const started = performance.now();
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1048576');
    const insertSecret = db.prepare(
      `insert into secrets (id, envelope, key_proof_hash, owner_token_hash, views, views_left, created_at,
         expires_at, state, ended_at, retrieval_step, deletable_by_viewer, event_count)
       values (?, ?, ?, ?, 1, 1, ?, ?, 'active', null, 1, 0, 1)`,
    );
    const insertEvent = db.prepare(
      `insert into secret_events (secret_id, type, at, ip, user_agent, referrer)
       values (?, 'created', ?, '127.0.0.0/24', 'zkpush-bench', null)`,
    );
    // Random bytes once, varied per row (what the server stores is opaque to it either way).
    const pool = randomBytes(1 << 20);
    const now = Date.now();
    db.transaction(() => {
      for (let i = 0; i < pushes + expiring; i++) {
        const ids = randomBytes(80);
        const id = ids.subarray(0, 16).toString('base64url');
        const at = (i * 997) % (pool.length - ENVELOPE_BYTES);
        const envelope = Buffer.concat([
          Buffer.of(1),
          ids.subarray(16, 48),
          pool.subarray(at, at + ENVELOPE_BYTES - 33),
        ]);
        const created = now - DAY_MS + Math.floor((i / (pushes + expiring)) * DAY_MS);
        const expires = i < pushes ? created + 7 * DAY_MS : EXPIRING_AT;
        insertSecret.run(id, envelope, ids.subarray(16, 48), ids.subarray(48, 80), created, expires);
        insertEvent.run(id, created);
      }
    })();
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  return { seconds: (performance.now() - started) / 1000, bytes: statSync(file).size };
}
