/**
 * All SQL for the `secrets` and `secret_events` tables (and the WAL maintenance the sweeper needs)
 * lives here; the domain layer calls these methods and never builds queries. Methods are small; the
 * domain composes them inside `transaction()` whenever a check-then-write must be atomic, and every
 * state change is written in the same transaction as the audit event that describes it.
 *
 * The statements of create, reveal and metadata reads run on every such request, so they are
 * compiled once (sqlite/secrets-hot-queries.ts, this module's other half) and each request only binds its
 * values; the rest are built by kysely when they run.
 */
import { sql, type Kysely } from 'kysely';
import type { AuditEventType } from '@zkpush/shared/schemas';
import { compileFilesHotQueries, createFilesRepo, type FilesHotQueries, type FilesRepo } from './files-repo.ts';
import type {
  Database,
  EndedState,
  EventRecord,
  NewEvent,
  NewSecret,
  SecretRecord,
  SecretWithEnvelope,
} from './schema.ts';
import { compileHotQueries, type HotQueries } from './sqlite/secrets-hot-queries.ts';

export interface SecretsRepo {
  /** The file-push tables on the same connection — inside `transaction()`, the same transaction. */
  readonly files: FilesRepo;
  /**
   * Inserts an active secret with its first audit events, counted on the row as it is inserted. Run it
   * inside `transaction()` when there are events, so the row never exists without them.
   */
  insert(secret: NewSecret, events?: readonly NewEvent[]): Promise<void>;
  find(id: string): Promise<SecretRecord | undefined>;
  /** `find` plus the envelope, in one statement (reveal checks the row and returns the ciphertext). */
  findWithEnvelope(id: string): Promise<SecretWithEnvelope | undefined>;
  readEnvelope(id: string): Promise<Uint8Array | undefined>;
  /**
   * Uses one view of an active secret; the last view clears the envelope (and passphrase verifier) and
   * marks it 'viewed' in the same statement, which also counts `events`; then appends them. Returns
   * false (and appends nothing) if the row was not active with views left.
   */
  consumeView(id: string, now: number, events?: readonly NewEvent[]): Promise<boolean>;
  /** Ends an active secret: envelope and passphrase verifier NULL, state set. False if it was not active. */
  end(id: string, state: EndedState, endedAt: number): Promise<boolean>;
  /** One wrong passphrase that leaves at least one attempt. False if none would be left (lock instead). */
  spendPassphraseAttempt(id: string): Promise<boolean>;
  /** Appends audit events for a push and counts them on its row (one transaction with the change). */
  appendEvents(id: string, events: readonly NewEvent[]): Promise<void>;
  /** Up to `limit` events of a push with seq > `after`, oldest first. */
  listEvents(id: string, after: number, limit: number): Promise<EventRecord[]>;
  /**
   * Ends up to `limit` active secrets whose expiry has passed, each with an `expired_by_time` event
   * dated at its expiry; returns how many. Run it inside `transaction()`.
   */
  expireDue(now: number, limit: number): Promise<number>;
  /** Deletes up to `limit` audit events of tombstones that ended at or before `endedBefore`. */
  purgeTombstoneEvents(endedBefore: number, limit: number): Promise<number>;
  /** Deletes up to `limit` such tombstones (and any events left of them); run it inside `transaction()`. */
  purgeTombstones(endedBefore: number, limit: number): Promise<number>;
  /** Copies the WAL into the database file and truncates it, so freed pages leave the WAL too. */
  checkpoint(): Promise<{ busy: boolean }>;
  /** Runs `fn` in one BEGIN IMMEDIATE transaction with a repo bound to it. */
  transaction<T>(fn: (repo: SecretsRepo) => Promise<T>): Promise<T>;
}

/** What every end of life clears: ciphertext and the passphrase verifier. */
const ENDED = { envelope: null, pass_kdf: null, pass_proof_hash: null, pass_attempts_left: null } as const;

export function createSecretsRepo(db: Kysely<Database>): SecretsRepo {
  return repoOn(db, compileHotQueries(db), compileFilesHotQueries(db));
}

const affected = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number =>
  Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);

/** The repo on `db` — the database or one of its transactions — sharing the queries compiled once. */
function repoOn(db: Kysely<Database>, hot: HotQueries, filesHot: FilesHotQueries): SecretsRepo {
  const dueTombstones = (endedBefore: number) =>
    db.selectFrom('secrets').select('id').where('state', '<>', 'active').where('ended_at', '<=', endedBefore);

  const insertEvents = async (id: string, events: readonly NewEvent[]): Promise<void> => {
    if (events.length === 0) return;
    const compiled = hot.insertEvents(id, events);
    if (compiled !== undefined) {
      await db.executeQuery(compiled);
      return;
    }
    await db
      .insertInto('secret_events')
      .values(events.map((event) => ({ ...event, secret_id: id })))
      .execute();
  };

  const repo: SecretsRepo = {
    files: createFilesRepo(db, filesHot),

    async insert(secret, events = []) {
      await db.executeQuery(hot.insertSecret(secret, events.length));
      await insertEvents(secret.id, events);
    },

    find: async (id) => (await db.executeQuery(hot.find(id))).rows[0],

    findWithEnvelope: async (id) => (await db.executeQuery(hot.findWithEnvelope(id))).rows[0],

    async readEnvelope(id) {
      const row = await db.selectFrom('secrets').select('envelope').where('id', '=', id).executeTakeFirst();
      return row?.envelope ?? undefined;
    },

    async consumeView(id, now, events = []) {
      const { numAffectedRows } = await db.executeQuery(hot.consumeView(id, now, events.length));
      if (numAffectedRows !== 1n) return false;
      await insertEvents(id, events);
      return true;
    },

    async end(id, state, endedAt) {
      const result = await db
        .updateTable('secrets')
        .set({ ...ENDED, state, ended_at: endedAt })
        .where('id', '=', id)
        .where('state', '=', 'active')
        .executeTakeFirst();
      return affected(result) === 1;
    },

    async spendPassphraseAttempt(id) {
      const result = await db
        .updateTable('secrets')
        .set((eb) => ({ pass_attempts_left: eb('pass_attempts_left', '-', 1) }))
        .where('id', '=', id)
        .where('state', '=', 'active')
        .where('pass_attempts_left', '>', 1)
        .executeTakeFirst();
      return affected(result) === 1;
    },

    async appendEvents(id, events) {
      if (events.length === 0) return;
      await insertEvents(id, events);
      await db.executeQuery(hot.countEvents(id, events.length));
    },

    listEvents: (id, after, limit) =>
      db
        .selectFrom('secret_events')
        .select(['seq', 'secret_id', 'type', 'at', 'ip', 'user_agent', 'referrer'])
        .where('secret_id', '=', id)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(limit)
        .execute(),

    async expireDue(now, limit) {
      const due = await db
        .selectFrom('secrets')
        .select(['id', 'expires_at'])
        .where('state', '=', 'active')
        .where('expires_at', '<=', now)
        .limit(limit)
        .execute();
      if (due.length === 0) return 0;
      const type: AuditEventType = 'expired_by_time';
      await db
        .insertInto('secret_events')
        .values(
          due.map((row) => ({
            secret_id: row.id,
            type,
            at: row.expires_at,
            ip: null,
            user_agent: null,
            referrer: null,
          })),
        )
        .execute();
      // ended_at is the moment it expired, not the sweep time, so retention counts from expiry.
      const result = await db
        .updateTable('secrets')
        .set((eb) => ({
          ...ENDED,
          state: 'expired',
          ended_at: eb.ref('expires_at'),
          event_count: eb('event_count', '+', 1),
        }))
        .where(
          'id',
          'in',
          due.map((row) => row.id),
        )
        .where('state', '=', 'active')
        .executeTakeFirst();
      return affected(result);
    },

    async purgeTombstoneEvents(endedBefore, limit) {
      const result = await db
        .deleteFrom('secret_events')
        .where('seq', 'in', (eb) =>
          eb
            .selectFrom('secret_events')
            .select('seq')
            .where('secret_id', 'in', dueTombstones(endedBefore))
            .limit(limit),
        )
        .executeTakeFirst();
      return affected(result);
    },

    async purgeTombstones(endedBefore, limit) {
      const ids = (await dueTombstones(endedBefore).limit(limit).execute()).map((row) => row.id);
      if (ids.length === 0) return 0;
      await db.deleteFrom('secret_events').where('secret_id', 'in', ids).execute();
      const result = await db.deleteFrom('secrets').where('id', 'in', ids).executeTakeFirst();
      return affected(result);
    },

    async checkpoint() {
      const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
      return { busy: (rows[0]?.busy ?? 0) !== 0 };
    },

    transaction: (fn) => db.transaction().execute((trx) => fn(repoOn(trx, hot, filesHot))),
  };
  return repo;
}
