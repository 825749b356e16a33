/**
 * All SQL for the `secrets` and `secret_events` tables (and the WAL maintenance the sweeper needs)
 * lives here; the domain layer calls these methods and never builds queries. Methods are small; the
 * domain composes them inside `transaction()` whenever a check-then-write must be atomic, and every
 * state change is written in the same transaction as the audit event that describes it.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEventType } from '@zkpush/shared/schemas';
import type { Database, EndedState, SecretEventsTable, SecretState, SecretsTable } from './schema.ts';

const VIEWED: SecretState = 'viewed';

/** A row without its envelope (metadata reads never load ciphertext). */
export type SecretRecord = Omit<Selectable<SecretsTable>, 'envelope'>;
/** Everything a create decides; state, views_left and the counters start out fixed. */
export type NewSecret = Omit<SecretRecord, 'state' | 'ended_at' | 'views_left' | 'event_count'> & {
  envelope: Uint8Array;
};
export type EventRecord = Selectable<SecretEventsTable>;
export type NewEvent = Omit<EventRecord, 'seq' | 'secret_id'>;

export interface SecretsRepo {
  insert(secret: NewSecret): Promise<void>;
  find(id: string): Promise<SecretRecord | undefined>;
  readEnvelope(id: string): Promise<Uint8Array | undefined>;
  /**
   * Uses one view of an active secret; the last view clears the envelope (and passphrase verifier) and
   * marks it 'viewed' in the same statement. Returns false if the row was not active with views left.
   */
  consumeView(id: string, now: number): Promise<boolean>;
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

const META_COLUMNS = [
  'id',
  'key_proof_hash',
  'owner_token_hash',
  'views',
  'views_left',
  'created_at',
  'expires_at',
  'state',
  'ended_at',
  'retrieval_step',
  'deletable_by_viewer',
  'pass_kdf',
  'pass_proof_hash',
  'pass_attempts_left',
  'event_count',
] as const;

/** `then` on the last view, else the column unchanged (the row as it was before the UPDATE). */
const ifLast = <T>(then: T, column: keyof SecretsTable) =>
  sql<T>`case when views_left <= 1 then ${then} else ${sql.ref(column)} end`;

/** What every end of life clears: ciphertext and the passphrase verifier. */
const ENDED = { envelope: null, pass_kdf: null, pass_proof_hash: null, pass_attempts_left: null } as const;

export function createSecretsRepo(db: Kysely<Database>): SecretsRepo {
  const affected = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number =>
    Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);

  const dueTombstones = (endedBefore: number) =>
    db.selectFrom('secrets').select('id').where('state', '<>', 'active').where('ended_at', '<=', endedBefore);

  const repo: SecretsRepo = {
    async insert(secret) {
      await db
        .insertInto('secrets')
        .values({ ...secret, views_left: secret.views, state: 'active', ended_at: null, event_count: 0 })
        .execute();
    },

    find: (id) => db.selectFrom('secrets').select(META_COLUMNS).where('id', '=', id).executeTakeFirst(),

    async readEnvelope(id) {
      const row = await db.selectFrom('secrets').select('envelope').where('id', '=', id).executeTakeFirst();
      return row?.envelope ?? undefined;
    },

    async consumeView(id, now) {
      // Every right-hand side reads the row as it was before this UPDATE (SQL semantics), so
      // `views_left <= 1` means "this is the last view".
      const result = await db
        .updateTable('secrets')
        .set((eb) => ({
          views_left: eb('views_left', '-', 1),
          envelope: ifLast<Uint8Array | null>(null, 'envelope'),
          pass_kdf: ifLast<string | null>(null, 'pass_kdf'),
          pass_proof_hash: ifLast<Uint8Array | null>(null, 'pass_proof_hash'),
          pass_attempts_left: ifLast<number | null>(null, 'pass_attempts_left'),
          state: ifLast<SecretState>(VIEWED, 'state'),
          ended_at: ifLast<number | null>(now, 'ended_at'),
        }))
        .where('id', '=', id)
        .where('state', '=', 'active')
        .where('views_left', '>', 0)
        .executeTakeFirst();
      return affected(result) === 1;
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
      await db
        .insertInto('secret_events')
        .values(events.map((event) => ({ ...event, secret_id: id })))
        .execute();
      await db
        .updateTable('secrets')
        .set((eb) => ({ event_count: eb('event_count', '+', events.length) }))
        .where('id', '=', id)
        .execute();
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

    transaction: (fn) => db.transaction().execute((trx) => fn(createSecretsRepo(trx))),
  };
  return repo;
}
