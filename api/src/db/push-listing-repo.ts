/**
 * The SQL of "my pushes", the admin team view and the instance statistics (issue 12 §4). Reads only
 * metadata columns — never an envelope — and only what the retention window still holds: tombstones
 * and their events are purged after ZKPUSH_RETENTION, so lists and statistics reach back that far.
 */
import { sql, type Kysely } from 'kysely';
import type { AuditEventType } from '@zkpush/shared/schemas';
import type { Database, SecretState } from './schema.ts';

export type PushRow = {
  id: string;
  state: SecretState;
  views: number;
  views_left: number;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
  recipient: string | null;
  has_files: number;
  creator_email: string | null;
};

export type PushFilter = {
  /** Only this creator's pushes; undefined for every push (admin). */
  creatorId: string | undefined;
  /** Admin filter: pushes whose creator has this email (case-insensitive). */
  creatorEmail?: string | undefined;
  state: 'active' | 'ended' | undefined;
  /** Keyset cursor: strictly older than this (created_at, id). */
  before: { createdAt: number; id: string } | undefined;
  limit: number;
  now: number;
};

export type DayCount = { day: number; type: AuditEventType; count: number };

const DAY_MS = 86_400_000;
/** Events a file push always has one of while its row is kept (the file_pushes row goes with its blobs). */
const FILE_EVENTS: AuditEventType[] = ['upload_completed', 'upload_abandoned'];

export function createPushListingRepo(db: Kysely<Database>) {
  return {
    async listPushes(filter: PushFilter): Promise<PushRow[]> {
      let query = db
        .selectFrom('secrets as s')
        .leftJoin('users as u', 'u.id', 's.creator_user_id')
        .select([
          's.id',
          's.state',
          's.views',
          's.views_left',
          's.created_at',
          's.expires_at',
          's.ended_at',
          's.recipient',
          'u.email as creator_email',
        ])
        .select((eb) =>
          eb
            .or([
              eb.exists(eb.selectFrom('file_pushes as f').select('f.secret_id').whereRef('f.secret_id', '=', 's.id')),
              eb.exists(
                eb
                  .selectFrom('secret_events as e')
                  .select('e.seq')
                  .whereRef('e.secret_id', '=', 's.id')
                  .where('e.type', 'in', FILE_EVENTS),
              ),
            ])
            .$castTo<number>()
            .as('has_files'),
        );
      if (filter.creatorId !== undefined) query = query.where('s.creator_user_id', '=', filter.creatorId);
      if (filter.creatorEmail !== undefined) {
        query = query.where(sql<string>`lower(u.email)`, '=', filter.creatorEmail.toLowerCase());
      }
      if (filter.state === 'active') {
        query = query.where('s.state', '=', 'active').where('s.expires_at', '>', filter.now);
      } else if (filter.state === 'ended') {
        query = query.where((eb) => eb.or([eb('s.state', '<>', 'active'), eb('s.expires_at', '<=', filter.now)]));
      }
      const { before } = filter;
      if (before !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb('s.created_at', '<', before.createdAt),
            eb.and([eb('s.created_at', '=', before.createdAt), eb('s.id', '<', before.id)]),
          ]),
        );
      }
      return query.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(filter.limit).execute();
    },

    /** Events per UTC day (day = ms since the epoch ÷ 86 400 000) and type, from `since` on. */
    async eventsPerDay(since: number, types: readonly AuditEventType[]): Promise<DayCount[]> {
      const rows = await db
        .selectFrom('secret_events')
        .select([sql<number>`cast(at / ${sql.lit(DAY_MS)} as integer)`.as('day'), 'type'])
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('at', '>=', since)
        .where('type', 'in', types)
        .groupBy([sql`cast(at / ${sql.lit(DAY_MS)} as integer)`, 'type'])
        .execute();
      return rows.map((r) => ({ day: Number(r.day), type: r.type, count: Number(r.count) }));
    },

    /**
     * Wrong keys sent to pushes created since `since`: counted on the row (only a few keep an event,
     * lifecycle/audit.ts), so this is exact where the events are not.
     */
    async failedKeysSince(since: number): Promise<number> {
      const row = await db
        .selectFrom('secrets')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('failed_key_count'), sql<number>`0`).as('total'))
        .where('created_at', '>=', since)
        .executeTakeFirst();
      return Number(row?.total ?? 0);
    },
  };
}

export type PushListingRepo = ReturnType<typeof createPushListingRepo>;
