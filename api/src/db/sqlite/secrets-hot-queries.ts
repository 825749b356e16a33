/**
 * The statements every create, reveal and metadata read runs, compiled once per database
 * (compile-once.ts) and used only by db/secrets-repo.ts. Same SQL as kysely would build per call; the
 * constants are literals in the SQL so that only per-call values are bound, which is what lets
 * compileOnce check the binding order against distinct sample values.
 */
import { sql, type Kysely } from 'kysely';
import { compileOnce } from './compile-once.ts';
import type { Database, NewEvent, NewSecret, SecretState, SecretsTable } from '../schema.ts';

/** Every column but the envelope: metadata reads never load ciphertext. */
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
  'failed_key_count',
  'creator_user_id',
  'recipient',
] as const;

const ACTIVE: SecretState = 'active';
const VIEWED: SecretState = 'viewed';

/** `then` on the last view, else the column unchanged (the row as it was before the UPDATE). */
const ifLast = <T>(then: unknown, column: keyof SecretsTable) =>
  sql<T>`case when views_left <= 1 then ${then} else ${sql.ref(column)} end`;

/** Distinct values of every bound type, so a binding in the wrong order cannot match them. */
const SAMPLE_SECRET: NewSecret = {
  id: 'sample-id',
  envelope: Uint8Array.of(1),
  key_proof_hash: Uint8Array.of(2),
  owner_token_hash: Uint8Array.of(3),
  views: 4,
  created_at: 5,
  expires_at: 6,
  retrieval_step: 7,
  deletable_by_viewer: 8,
  pass_kdf: 'sample-kdf',
  pass_proof_hash: Uint8Array.of(9),
  pass_attempts_left: 10,
  creator_user_id: 'sample-creator',
  recipient: 'sample-recipient',
};
const SAMPLE_EVENTS: readonly NewEvent[] = [
  { type: 'created', at: 11, ip: 'ip-1', user_agent: 'ua-1', referrer: 'ref-1' },
  { type: 'viewed', at: 12, ip: 'ip-2', user_agent: 'ua-2', referrer: 'ref-2' },
];

/** The columns every new push writes; `state` and `ended_at` are literals, so they bind nothing. */
function secretValues(s: NewSecret, eventCount: number) {
  return {
    id: s.id,
    envelope: s.envelope,
    key_proof_hash: s.key_proof_hash,
    owner_token_hash: s.owner_token_hash,
    views: s.views,
    views_left: s.views,
    created_at: s.created_at,
    expires_at: s.expires_at,
    state: sql.lit(ACTIVE),
    ended_at: sql.lit(null),
    retrieval_step: s.retrieval_step,
    deletable_by_viewer: s.deletable_by_viewer,
    pass_kdf: s.pass_kdf,
    pass_proof_hash: s.pass_proof_hash,
    pass_attempts_left: s.pass_attempts_left,
    event_count: eventCount,
  };
}

/** secretValues' bound parameters, in the order the compiled statement takes them. */
function bindSecret(s: NewSecret, eventCount: number): unknown[] {
  return [
    s.id,
    s.envelope,
    s.key_proof_hash,
    s.owner_token_hash,
    s.views,
    s.views,
    s.created_at,
    s.expires_at,
    s.retrieval_step,
    s.deletable_by_viewer,
    s.pass_kdf,
    s.pass_proof_hash,
    s.pass_attempts_left,
    eventCount,
  ];
}

export function compileHotQueries(db: Kysely<Database>) {
  const eventRows = (id: string, events: readonly NewEvent[]) =>
    db.insertInto('secret_events').values(
      events.map((e) => ({
        secret_id: id,
        type: e.type,
        at: e.at,
        ip: e.ip,
        user_agent: e.user_agent,
        referrer: e.referrer,
      })),
    );
  const bindEvents = (id: string, events: readonly NewEvent[]) =>
    events.flatMap((e) => [id, e.type, e.at, e.ip, e.user_agent, e.referrer]);
  // Creates write one event, reveals one or two (the last view adds expired_by_views).
  const insertEventsBySize = [1, 2].map((n) =>
    compileOnce(eventRows, bindEvents, ['sample-event-id', SAMPLE_EVENTS.slice(0, n)]),
  );

  return {
    insertSecret: compileOnce(
      (s: NewSecret, eventCount: number) => db.insertInto('secrets').values(secretValues(s, eventCount)),
      (s, eventCount) => bindSecret(s, eventCount),
      [SAMPLE_SECRET, 13],
    ),

    /**
     * 0009: a push with a creator or a recipient. Kept apart from insertSecret so that an anonymous
     * create writes exactly the columns it always did.
     */
    insertOwnedSecret: compileOnce(
      (s: NewSecret, eventCount: number) =>
        db.insertInto('secrets').values({
          ...secretValues(s, eventCount),
          creator_user_id: s.creator_user_id ?? null,
          recipient: s.recipient ?? null,
        }),
      (s, eventCount) => [...bindSecret(s, eventCount), s.creator_user_id ?? null, s.recipient ?? null],
      [SAMPLE_SECRET, 13],
    ),

    /** Compiled for one or two events; undefined for other counts (the caller builds those). */
    insertEvents: (id: string, events: readonly NewEvent[]) => insertEventsBySize[events.length - 1]?.(id, events),

    find: compileOnce(
      (id: string) => db.selectFrom('secrets').select(META_COLUMNS).where('id', '=', id),
      (id) => [id],
      ['sample-id'],
    ),

    findWithEnvelope: compileOnce(
      (id: string) =>
        db
          .selectFrom('secrets')
          .select([...META_COLUMNS, 'envelope'])
          .where('id', '=', id),
      (id) => [id],
      ['sample-id'],
    ),

    // Every right-hand side reads the row as it was before this UPDATE (SQL semantics), so
    // `views_left <= 1` means "this is the last view".
    consumeView: compileOnce(
      (id: string, now: number, eventCount: number) =>
        db
          .updateTable('secrets')
          .set((eb) => ({
            views_left: eb('views_left', '-', sql.lit(1)),
            envelope: ifLast<Uint8Array | null>(sql`null`, 'envelope'),
            pass_kdf: ifLast<string | null>(sql`null`, 'pass_kdf'),
            pass_proof_hash: ifLast<Uint8Array | null>(sql`null`, 'pass_proof_hash'),
            pass_attempts_left: ifLast<number | null>(sql`null`, 'pass_attempts_left'),
            state: ifLast<SecretState>(sql.lit(VIEWED), 'state'),
            ended_at: ifLast<number | null>(now, 'ended_at'),
            event_count: eb('event_count', '+', eventCount),
          }))
          .where('id', '=', id)
          .where('state', '=', sql.lit(ACTIVE))
          .where('views_left', '>', sql.lit(0)),
      (id, now, eventCount) => [now, eventCount, id],
      ['sample-id', 14, 15],
    ),

    countEvents: compileOnce(
      (id: string, count: number) =>
        db
          .updateTable('secrets')
          .set((eb) => ({ event_count: eb('event_count', '+', count) }))
          .where('id', '=', id),
      (id, count) => [count, id],
      ['sample-id', 16],
    ),

    /** Every create reads it, in its transaction (the storage quota). */
    storageUsage: compileOnce(
      () => db.selectFrom('storage_usage').select(['envelope_bytes', 'file_bytes']).where('id', '=', sql.lit(1)),
      () => [],
      [],
    ),
  };
}

export type HotQueries = ReturnType<typeof compileHotQueries>;
