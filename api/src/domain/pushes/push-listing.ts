/**
 * "My pushes" and the admin team view (issue 12 §4): lists of push metadata — state, views left,
 * expiry, text or files, whether a recipient is named — and the instance statistics. Never a key, a
 * link, a label or content: the server has none of them.
 */
import type { GoneReason } from '@zkpush/shared/errors';
import type { AuditEventType } from '@zkpush/shared/schemas';
import type { Clock } from '../../clock.ts';
import type { PushListingRepo, PushRow } from '../../db/push-listing-repo.ts';

export const PUSH_PAGE = Object.freeze({ size: 50 });
export const STATS_DAYS = 30;
const DAY_MS = 86_400_000;

export type PushListQuery = {
  creatorId: string | undefined;
  creatorEmail?: string | undefined;
  state: 'active' | 'ended' | undefined;
  cursor: string | undefined;
};

export type PushEntry = {
  id: string;
  state: 'active' | GoneReason;
  views: number;
  viewsLeft: number;
  createdAt: number;
  expiresAt: number;
  endedAt: number | null;
  kind: 'text' | 'files';
  recipientBound: boolean;
  creatorEmail: string | null;
};

type ListResult = { kind: 'ok'; pushes: PushEntry[]; nextCursor: string | null } | { kind: 'invalid'; message: string };

export type Stats = {
  days: { day: string; created: number; opened: number; expired: number }[];
  failedAttempts: number;
};

/** Events that end a push, counted as "expired" per day (by time, by views, deleted, locked). */
const ENDED: readonly AuditEventType[] = [
  'expired_by_time',
  'expired_by_views',
  'deleted_by_creator',
  'deleted_by_viewer',
  'deleted_by_admin',
  'locked',
];
const FAILED: readonly AuditEventType[] = ['failed_passphrase', 'recipient_mismatch'];

/** The cursor is `<created_at>.<id>` of the last push of the previous page (ids are base64url, no dot). */
function parseCursor(cursor: string | undefined) {
  if (cursor === undefined) return { kind: 'ok', before: undefined } as const;
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(cursor);
  if (match === null) return { kind: 'invalid', message: 'cursor must be a nextCursor returned by this list' } as const;
  return { kind: 'ok', before: { createdAt: Number(match[1]), id: match[2] ?? '' } } as const;
}

function entry(row: PushRow, now: number): PushEntry {
  const expiredUnswept = row.state === 'active' && row.expires_at <= now;
  return {
    id: row.id,
    state: expiredUnswept ? 'expired' : row.state,
    views: row.views,
    viewsLeft: row.views_left,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    endedAt: expiredUnswept ? row.expires_at : row.ended_at,
    kind: row.has_files ? 'files' : 'text',
    recipientBound: row.recipient !== null,
    creatorEmail: row.creator_email,
  };
}

export function createPushListing(deps: { repo: PushListingRepo; clock: Clock }) {
  const { repo, clock } = deps;
  return {
    async list(query: PushListQuery): Promise<ListResult> {
      const cursor = parseCursor(query.cursor);
      if (cursor.kind !== 'ok') return cursor;
      const now = clock.now();
      const rows = await repo.listPushes({
        creatorId: query.creatorId,
        creatorEmail: query.creatorEmail,
        state: query.state,
        before: cursor.before,
        limit: PUSH_PAGE.size + 1,
        now,
      });
      const page = rows.slice(0, PUSH_PAGE.size);
      const last = page.at(-1);
      const nextCursor = rows.length > PUSH_PAGE.size && last !== undefined ? `${last.created_at}.${last.id}` : null;
      return { kind: 'ok', pushes: page.map((row) => entry(row, now)), nextCursor };
    },

    /** The last STATS_DAYS UTC days, today included, oldest first. */
    async stats(): Promise<Stats> {
      const today = Math.floor(clock.now() / DAY_MS);
      const first = today - STATS_DAYS + 1;
      const since = first * DAY_MS;
      const counts = await repo.eventsPerDay(since, ['created', 'viewed', ...ENDED, ...FAILED]);
      const days = Array.from({ length: STATS_DAYS }, (_, i) => ({
        day: new Date((first + i) * DAY_MS).toISOString().slice(0, 10),
        created: 0,
        opened: 0,
        expired: 0,
      }));
      let failedAttempts = await repo.failedKeysSince(since);
      for (const { day, type, count } of counts) {
        const row = days[day - first];
        if (FAILED.includes(type)) failedAttempts += count;
        if (row === undefined) continue;
        if (type === 'created') row.created += count;
        else if (type === 'viewed') row.opened += count;
        else if (ENDED.includes(type)) row.expired += count;
      }
      return { days, failedAttempts };
    },
  };
}

export type PushListing = ReturnType<typeof createPushListing>;
