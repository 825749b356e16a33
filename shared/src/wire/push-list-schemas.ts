/**
 * Wire schemas of "my pushes" and the admin team view (issue 12 §4; docs/api.md "My pushes and the
 * team view"). Metadata only: never a key, a link, a label or content — labels the creator types stay
 * in the browser.
 */
import * as v from 'valibot';
import { GONE_REASONS } from './errors.ts';

const Int = (what: string) => v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be an integer`));
const IsoTime = v.pipe(v.string(), v.isoTimestamp());

export const PUSH_LIST_STATES = ['active', 'ended'] as const;
export type PushListState = (typeof PUSH_LIST_STATES)[number];

export const PushSummary = v.strictObject({
  id: v.string(),
  /** `active`, or why it ended (the `gone` reasons). */
  state: v.picklist(['active', ...GONE_REASONS]),
  views: Int('views'),
  viewsLeft: Int('viewsLeft'),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  endedAt: v.nullable(IsoTime),
  kind: v.picklist(['text', 'files']),
  /** True when only a named person (or domain) may open it; who is not repeated here. */
  recipientBound: v.boolean(),
  /** Admin team view only: the creator's email (null when the creator has none or was deleted). */
  creatorEmail: v.optional(v.nullable(v.string())),
});
export type PushSummary = v.InferOutput<typeof PushSummary>;

/** GET /api/v1/my/pushes and /api/v1/admin/pushes: newest first; pass `nextCursor` back as `?cursor=`. */
export const PushList = v.strictObject({
  pushes: v.array(PushSummary),
  nextCursor: v.nullable(v.string()),
});
export type PushList = v.InferOutput<typeof PushList>;

/** GET /api/v1/admin/stats: one row per UTC day of the last 30, oldest first. */
export const AdminStats = v.strictObject({
  days: v.array(
    v.strictObject({
      day: v.pipe(v.string(), v.isoDate()),
      created: Int('created'),
      opened: Int('opened'),
      expired: Int('expired'),
    }),
  ),
  storage: v.strictObject({ envelopeBytes: Int('envelopeBytes'), fileBytes: Int('fileBytes') }),
  /** Wrong keys and wrong passphrases over the same 30 days, and refused recipients. */
  failedAttempts: Int('failedAttempts'),
});
export type AdminStats = v.InferOutput<typeof AdminStats>;
