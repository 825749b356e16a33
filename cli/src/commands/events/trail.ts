/**
 * A push's whole audit trail: GET /api/v1/secrets/:id/events page by page, following `nextCursor`
 * until it is null (docs/api.md). The push's state comes from the last page, the most recent answer.
 * A server whose cursor does not move on would loop forever; that is refused as a bad response.
 */
import type { ApiClient, ApiResult } from '@zkpush/shared/api-client';
import type { AuditEvent, EventsPage } from '@zkpush/shared/schemas';
import { eventsMessages } from './messages.ts';

/** The largest page the API serves (EVENTS_PAGE.max): the default per-push cap of 1000 takes five. */
const TRAIL_PAGE_SIZE = 200;

export type Trail = Omit<EventsPage, 'nextCursor'>;

export async function fetchTrail(
  client: Pick<ApiClient, 'events'>,
  id: string,
  ownerToken: string,
  pageSize: number = TRAIL_PAGE_SIZE,
): Promise<ApiResult<Trail>> {
  const events: AuditEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await client.events(id, ownerToken, { limit: pageSize, ...(after === undefined ? {} : { after }) });
    if (page.kind !== 'ok') return page;
    const { nextCursor, events: more, ...state } = page.value;
    events.push(...more);
    if (nextCursor === null) return { kind: 'ok', value: { ...state, events } };
    if (nextCursor === after || more.length === 0) {
      return { kind: 'bad_response', status: 200, message: eventsMessages.cursorStuck };
    }
    after = nextCursor;
  }
}
