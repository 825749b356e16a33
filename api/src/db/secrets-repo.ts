/**
 * All SQL for the `secrets` table (and the WAL maintenance the sweeper needs) lives here; the domain
 * layer calls these methods and never builds queries. Methods are small and single-statement; the
 * domain composes them inside `transaction()` when a check-then-write must be atomic.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, EndedState, SecretState, SecretsTable } from './schema.ts';

const VIEWED: SecretState = 'viewed';

/** A row without its envelope (metadata reads never load ciphertext). */
export type SecretRecord = Omit<SecretsTable, 'envelope'>;
export type NewSecret = Omit<SecretsTable, 'state' | 'ended_at' | 'views_left'>;

export interface SecretsRepo {
  insert(secret: NewSecret): Promise<void>;
  find(id: string): Promise<SecretRecord | undefined>;
  readEnvelope(id: string): Promise<Uint8Array | undefined>;
  /**
   * Uses one view of an active secret; the last view clears the envelope and marks it 'viewed' in the
   * same statement. Returns false if the row was not active with views left (nothing changed).
   */
  consumeView(id: string, now: number): Promise<boolean>;
  /** Ends an active secret: envelope NULL, state set. Returns false if it was not active. */
  end(id: string, state: EndedState, endedAt: number): Promise<boolean>;
  /** Ends up to `limit` active secrets whose expiry has passed; returns how many. */
  expireDue(now: number, limit: number): Promise<number>;
  /** Deletes up to `limit` tombstones that ended at or before `endedBefore`; returns how many. */
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
] as const;

export function createSecretsRepo(db: Kysely<Database>): SecretsRepo {
  const affected = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number =>
    Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);

  const repo: SecretsRepo = {
    async insert(secret) {
      await db
        .insertInto('secrets')
        .values({ ...secret, views_left: secret.views, state: 'active', ended_at: null })
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
          envelope: eb.case().when('views_left', '<=', 1).then(null).else(eb.ref('envelope')).end(),
          state: eb.case().when('views_left', '<=', 1).then(VIEWED).else(eb.ref('state')).end(),
          ended_at: eb.case().when('views_left', '<=', 1).then(now).else(eb.ref('ended_at')).end(),
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
        .set({ envelope: null, state, ended_at: endedAt })
        .where('id', '=', id)
        .where('state', '=', 'active')
        .executeTakeFirst();
      return affected(result) === 1;
    },

    async expireDue(now, limit) {
      // ended_at is the moment it expired, not the sweep time, so retention counts from expiry.
      const result = await db
        .updateTable('secrets')
        .set((eb) => ({ envelope: null, state: 'expired', ended_at: eb.ref('expires_at') }))
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('secrets')
            .select('id')
            .where('state', '=', 'active')
            .where('expires_at', '<=', now)
            .limit(limit),
        )
        .executeTakeFirst();
      return affected(result);
    },

    async purgeTombstones(endedBefore, limit) {
      const result = await db
        .deleteFrom('secrets')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('secrets')
            .select('id')
            .where('state', '<>', 'active')
            .where('ended_at', '<=', endedBefore)
            .limit(limit),
        )
        .executeTakeFirst();
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
