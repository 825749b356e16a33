/**
 * GET /api/v1/secrets/:id/events — the creator's view of a push: its state and one page of its audit
 * trail, oldest first (shared EventsPage). Needs the owner token like DELETE — or the signed-in creator
 * (push-owner.ts) — and keeps working after
 * the ciphertext is gone, until the tombstone's retention ends (then 404, like any unknown id).
 *
 * Wrong keys are summarised in `failedKeyAttempts` (total and how many the list leaves out); the list
 * itself holds only the first and the latest few of them (domain/lifecycle/audit.ts).
 *
 * Pagination is by cursor: `after` is an opaque string from a previous `nextCursor` (today the last
 * event's sequence number), `limit` 1–200 (default 50). A cursor never skips or repeats an event,
 * even while new events are being added.
 */
import { Hono, type Context } from 'hono';
import type { EventsPage } from '@zkpush/shared/schemas';
import type { SecretsService } from '../../domain/secrets/secrets-service.ts';
import { ApiError } from '../api-error.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';
import { refusalError } from '../refusals.ts';
import { forbiddenWording, ownerOf } from './push-owner.ts';
import { idParam, iso } from './route-helpers.ts';

export const EVENTS_PAGE = Object.freeze({ default: 50, max: 200 });

export function eventsQuery(c: Context): { after: number; limit: number } {
  const after = c.req.query('after');
  const limit = c.req.query('limit');
  if (after !== undefined && !/^\d{1,15}$/.test(after)) {
    throw new ApiError('invalid_request', 'after must be a cursor returned as nextCursor');
  }
  const size = limit === undefined ? EVENTS_PAGE.default : /^\d{1,3}$/.test(limit) ? Number(limit) : NaN;
  if (!(size >= 1 && size <= EVENTS_PAGE.max)) {
    throw new ApiError('invalid_request', `limit must be an integer between 1 and ${EVENTS_PAGE.max}`);
  }
  return { after: after === undefined ? 0 : Number(after), limit: size };
}

type EventsOk = Extract<Awaited<ReturnType<SecretsService['events']>>, { kind: 'ok' }>;

/** The wire page of an `events` result; shared with the admin's view of any push (admin-routes.ts). */
export function eventsPage(result: EventsOk): EventsPage {
  const { record } = result;
  return {
    id: record.id,
    state: result.state,
    views: record.views,
    viewsLeft: record.views_left,
    createdAt: iso(record.created_at),
    expiresAt: iso(record.expires_at),
    events: result.events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: iso(e.at),
      ip: e.ip,
      userAgent: e.user_agent,
      referrer: e.referrer,
      ...(e.actor === null ? {} : { actor: e.actor }),
    })),
    nextCursor: result.nextCursor === null ? null : String(result.nextCursor),
    ...(result.downloadsOpenUntil === undefined ? {} : { downloadsOpenUntil: iso(result.downloadsOpenUntil) }),
    ...(result.failedKeyAttempts === undefined ? {} : { failedKeyAttempts: result.failedKeyAttempts }),
  };
}

export function eventsRoute(deps: { secrets: SecretsService; limiter: RateLimiter }): Hono {
  const routes = new Hono();
  routes.get('/:id/events', deps.limiter.limit('meta'), async (c) => {
    const id = idParam(c);
    const owner = ownerOf(c, 'read-own-events');
    const result = await deps.secrets.events(id, owner, eventsQuery(c));
    if (result.kind !== 'ok') throw refusalError(result, { forbidden: forbiddenWording(owner) });
    return c.json(eventsPage(result));
  });
  return routes;
}
