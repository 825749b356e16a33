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
import { createGroupCommit, type GroupCommitOptions } from './sqlite/group-commit.ts';
import { compileHotQueries, type HotQueries } from './sqlite/secrets-hot-queries.ts';
import { CHECKPOINT_MODES, type CheckpointMode } from './sqlite/wal-checkpointer.ts';

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
  /**
   * Appends audit events for a push and counts them on its row (one transaction with the change).
   * Never `failed_key`: those go through recordFailedKey.
   */
  appendEvents(id: string, events: readonly NewEvent[]): Promise<void>;
  /**
   * One wrong key proof: counts it in `failed_key_count` (not `event_count`), appends its event and
   * deletes the push's `failed_key` rows other than the first `keep.first` and the latest `keep.latest`.
   * Run it inside `transaction()`.
   */
  recordFailedKey(id: string, event: NewEvent, keep: Readonly<{ first: number; latest: number }>): Promise<void>;
  /** How many `failed_key` rows of a push the trail still holds. */
  countFailedKeyEvents(id: string): Promise<number>;
  /** Up to `limit` events of a push with seq > `after`, oldest first. */
  listEvents(id: string, after: number, limit: number): Promise<EventRecord[]>;
  /**
   * Ends up to `limit` active secrets whose expiry has passed, each with an `expired_by_time` event
   * dated at its expiry — but no more than fit in `maxBytes` of envelopes (at least one), since each
   * envelope byte is zeroed (secure_delete) and written to the WAL in this transaction. Returns how
   * many it ended and whether more are due. Run it inside `transaction()`.
   */
  expireDue(now: number, limit: number, maxBytes?: number): Promise<{ ended: number; more: boolean }>;
  /** Deletes up to `limit` audit events of tombstones that ended at or before `endedBefore`. */
  purgeTombstoneEvents(endedBefore: number, limit: number): Promise<number>;
  /** Deletes up to `limit` such tombstones (and any events left of them); run it inside `transaction()`. */
  purgeTombstones(endedBefore: number, limit: number): Promise<number>;
  /**
   * What the storage quota counts, kept exact by migration 0006's triggers: the bytes of every stored
   * envelope, and the padded sizes of the files of every push still holding blobs. One row, no scan.
   */
  storageUsage(): Promise<{ envelopeBytes: number; fileBytes: number }>;
  /**
   * On this connection (the request thread): copies the WAL into the database file, and with TRUNCATE
   * (the default) truncates it, so freed pages leave the WAL too. The server normally checkpoints on a
   * worker thread instead (sqlite/wal-checkpointer.ts); this is its fallback.
   */
  checkpoint(mode?: CheckpointMode): Promise<{ busy: boolean }>;
  /**
   * Runs `fn` atomically with a repo bound to its transaction: in one BEGIN IMMEDIATE transaction,
   * shared with the other transactions asked for at the same time, each in its own savepoint (group
   * commit, sqlite/group-commit.ts). Resolves once that transaction has committed.
   */
  transaction<T>(fn: (repo: SecretsRepo) => Promise<T>): Promise<T>;
}

const FAILED_KEY: AuditEventType = 'failed_key';

/** What every end of life clears: ciphertext and the passphrase verifier. */
const ENDED = { envelope: null, pass_kdf: null, pass_proof_hash: null, pass_attempts_left: null } as const;

export function createSecretsRepo(
  db: Kysely<Database>,
  options: { groupCommit?: GroupCommitOptions } = {},
): SecretsRepo {
  const hot = compileHotQueries(db);
  const filesHot = compileFilesHotQueries(db);
  const writes = createGroupCommit(db, options.groupCommit);
  return {
    ...repoOn(db, hot, filesHot),
    transaction: (fn) => writes.run((trx) => fn(repoOn(trx, hot, filesHot))),
  };
}

const affected = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number =>
  Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);

/**
 * The repo on `db` — the database or one of its transactions — sharing the queries compiled once. Its
 * own `transaction` is kysely's (which refuses to nest); createSecretsRepo's is the group commit.
 * Engine-neutral but for `checkpoint` (and `expireDue`'s reliance on SQLite's single writer):
 * db/postgres/postgres-secrets-repo.ts builds on it and replaces those.
 */
export function repoOn(db: Kysely<Database>, hot: HotQueries, filesHot: FilesHotQueries): SecretsRepo {
  const dueTombstones = (endedBefore: number) =>
    db.selectFrom('secrets').select('id').where('state', '<>', 'active').where('ended_at', '<=', endedBefore);

  // The type is a literal, not a parameter, so that SQLite can use the partial index of 0005.
  const failedKeyRows = (id: string) =>
    db.selectFrom('secret_events').where('secret_id', '=', id).where('type', '=', sql.lit(FAILED_KEY));

  const insertEvents = async (id: string, events: readonly NewEvent[]): Promise<void> => {
    if (events.length === 0) return;
    // Events with an actor (0009) are rare (admin actions, refused recipients): the builder writes them.
    const compiled = events.some((e) => (e.actor ?? null) !== null) ? undefined : hot.insertEvents(id, events);
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
      const owned = (secret.creator_user_id ?? null) !== null || (secret.recipient ?? null) !== null;
      await db.executeQuery((owned ? hot.insertOwnedSecret : hot.insertSecret)(secret, events.length));
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
      if (events.some((event) => event.type === FAILED_KEY)) throw new Error('failed_key events use recordFailedKey');
      await insertEvents(id, events);
      await db.executeQuery(hot.countEvents(id, events.length));
    },

    async recordFailedKey(id, event, keep) {
      if (event.type !== FAILED_KEY) throw new Error(`recordFailedKey got a ${event.type} event`);
      await db
        .updateTable('secrets')
        .set((eb) => ({ failed_key_count: eb('failed_key_count', '+', 1) }))
        .where('id', '=', id)
        .execute();
      await insertEvents(id, [event]);
      const kept = (order: 'asc' | 'desc', limit: number) =>
        failedKeyRows(id).select('seq').orderBy('seq', order).limit(limit);
      await db
        .deleteFrom('secret_events')
        .where('secret_id', '=', id)
        .where('type', '=', sql.lit(FAILED_KEY))
        .where('seq', 'not in', kept('asc', keep.first))
        .where('seq', 'not in', kept('desc', keep.latest))
        .execute();
    },

    async countFailedKeyEvents(id) {
      const row = await failedKeyRows(id)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    listEvents: (id, after, limit) =>
      db
        .selectFrom('secret_events')
        .select(['seq', 'secret_id', 'type', 'at', 'ip', 'user_agent', 'referrer', 'actor'])
        .where('secret_id', '=', id)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(limit)
        .execute(),

    async expireDue(now, limit, maxBytes = Number.POSITIVE_INFINITY) {
      // length() of a blob reads its size from the record header, not its pages.
      const candidates = await db
        .selectFrom('secrets')
        .select(['id', 'expires_at', sql<number>`coalesce(length(envelope), 0)`.as('bytes')])
        .where('state', '=', 'active')
        .where('expires_at', '<=', now)
        .limit(limit)
        .execute();
      return expireCandidates(db, candidates, limit, maxBytes);
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

    async storageUsage() {
      const row = (await db.executeQuery(hot.storageUsage())).rows[0];
      return { envelopeBytes: row?.envelope_bytes ?? 0, fileBytes: row?.file_bytes ?? 0 };
    },

    async checkpoint(mode = 'TRUNCATE') {
      const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(${sql.raw(CHECKPOINT_MODES[mode])})`.execute(
        db,
      );
      return { busy: (rows[0]?.busy ?? 0) !== 0 };
    },

    transaction: (fn) => db.transaction().execute((trx) => fn(repoOn(trx, hot, filesHot))),
  };
  return repo;
}

/** A push whose expiry has passed, as expireDue selects it: id, expiry and envelope size. */
export type DueCandidate = Readonly<{ id: string; expires_at: number; bytes: number }>;

/**
 * Ends the first of `candidates` that fit in `maxBytes` of envelopes (at least one), each with an
 * `expired_by_time` event dated at its expiry — both engines' expireDue, after each selected its
 * candidates its own way (PostgreSQL locks them, skipping rows another instance holds).
 */
export async function expireCandidates(
  db: Kysely<Database>,
  candidates: readonly DueCandidate[],
  limit: number,
  maxBytes: number,
): Promise<{ ended: number; more: boolean }> {
  let bytes = 0;
  const due = candidates.filter((row, i) => {
    bytes += row.bytes;
    return i === 0 || bytes <= maxBytes;
  });
  const more = due.length < candidates.length || candidates.length === limit;
  if (due.length === 0) return { ended: 0, more: false };
  const type: AuditEventType = 'expired_by_time';
  await db
    .insertInto('secret_events')
    .values(
      due.map((row) => ({ secret_id: row.id, type, at: row.expires_at, ip: null, user_agent: null, referrer: null })),
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
  return { ended: affected(result), more };
}
