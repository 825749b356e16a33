/**
 * What the dashboard shows for each remembered push: its state, views and time left, and its audit
 * trail, from GET /api/v1/secrets/:id/events (owner token). Until that answers — or when it cannot —
 * the locally stored expiry decides "active" or "ended", so the list is useful offline too.
 * States and failures are decided from result kinds and codes, never from message text.
 */
import type { ApiResult } from '@zkpush/shared/api-client';
import type { AuditEvent, AuditEventType, EventsPage } from '@zkpush/shared/schemas';
import type { DashboardEntry } from './dashboard-store.ts';
import { auditTrailText, eventLabels, stateLabels, statusProblems } from './dashboard-messages.ts';

/** Events per request; "Load more" fetches the next page with the cursor. */
export const EVENTS_PAGE_SIZE = 20;

export type Remote =
  | { kind: 'loading' }
  | {
      kind: 'ok';
      state: EventsPage['state'];
      viewsLeft: number;
      expiresAt: Date;
      events: AuditEvent[];
      nextCursor: string | null;
      /** A file push's last open download window closes then (absent when none is open). */
      downloadsOpenUntil?: Date;
      /** Wrong link keys sent for this push: all counted, only the first and latest few listed. */
      failedKeyAttempts?: { count: number; omitted: number };
    }
  /** 404: the server no longer has any record (past its audit retention), or never had. */
  | { kind: 'purged' }
  /** 401/403: the server does not accept this entry's owner token. */
  | { kind: 'refused' }
  | { kind: 'problem'; message: string };

/** Why a server call failed, in words (also the server-listed pushes and the team view). */
export function problemText(result: Exclude<ApiResult<unknown>, { kind: 'ok' }>): string {
  switch (result.kind) {
    case 'network':
      return statusProblems.network;
    case 'bad_response':
      return statusProblems.badResponse(result.status);
    case 'error':
      return result.code === 'rate_limited'
        ? statusProblems.rateLimited(result.retryAfter)
        : statusProblems.failed(result.code);
  }
}

/** The first page of events (or a refresh). */
export function remoteFrom(result: ApiResult<EventsPage>): Remote {
  if (result.kind === 'ok') {
    const page = result.value;
    return {
      kind: 'ok',
      state: page.state,
      viewsLeft: page.viewsLeft,
      expiresAt: new Date(page.expiresAt),
      events: page.events,
      nextCursor: page.nextCursor,
      ...(page.downloadsOpenUntil === undefined ? {} : { downloadsOpenUntil: new Date(page.downloadsOpenUntil) }),
      ...(page.failedKeyAttempts === undefined ? {} : { failedKeyAttempts: page.failedKeyAttempts }),
    };
  }
  if (result.kind === 'error') {
    if (result.code === 'not_found') return { kind: 'purged' };
    if (result.code === 'unauthorized' || result.code === 'forbidden') return { kind: 'refused' };
  }
  return { kind: 'problem', message: problemText(result) };
}

/**
 * Appends the next page ("Load more"). The state comes from the newest page. A failure keeps what was
 * loaded and returns the message to show beside the button.
 */
export function withNextPage(
  current: Extract<Remote, { kind: 'ok' }>,
  result: ApiResult<EventsPage>,
): { remote: Remote; problem?: string } {
  if (result.kind !== 'ok') return { remote: current, problem: problemText(result) };
  const next = remoteFrom(result);
  if (next.kind !== 'ok') return { remote: current };
  const seen = new Set(current.events.map((e) => e.seq));
  return { remote: { ...next, events: [...current.events, ...next.events.filter((e) => !seen.has(e.seq))] } };
}

type PushState = 'active' | 'viewed' | 'expired' | 'deleted_by_creator' | 'deleted_by_viewer' | 'locked' | 'purged';

interface PushStatus {
  state: PushState;
  label: string;
  ended: boolean;
  /**
   * Ended by its last view or by time, but a recipient's download window is still open: deleting it
   * still deletes the files (DELETE answers 204), so the dashboard keeps offering it.
   */
  downloadsOpen: boolean;
  /** Unknown until the server answered. */
  viewsLeft: number | undefined;
  expiresAt: Date;
}

const STATE_LABELS: Readonly<Record<PushState, string>> = stateLabels;

export function pushStatus(entry: DashboardEntry, remote: Remote, now: Date): PushStatus {
  const until = remote.kind === 'ok' ? remote.downloadsOpenUntil : undefined;
  const status = (state: PushState, viewsLeft: number | undefined, expiresAt: Date): PushStatus => ({
    state,
    label: STATE_LABELS[state],
    ended: state !== 'active',
    downloadsOpen: (state === 'viewed' || state === 'expired') && until !== undefined && until > now,
    viewsLeft,
    expiresAt,
  });
  if (remote.kind === 'purged') return status('purged', 0, new Date(entry.expiresAt));
  if (remote.kind === 'ok') {
    const { viewsLeft, expiresAt } = remote;
    switch (remote.state) {
      case 'active':
        // The server's sweeper may not have run yet; the clock already says it is over.
        return status(expiresAt.getTime() > now.getTime() ? 'active' : 'expired', viewsLeft, expiresAt);
      case 'deleted':
        return status(
          remote.events.some((e) => e.type === 'deleted_by_viewer') ? 'deleted_by_viewer' : 'deleted_by_creator',
          viewsLeft,
          expiresAt,
        );
      default:
        return status(remote.state, viewsLeft, expiresAt);
    }
  }
  const expiresAt = new Date(entry.expiresAt);
  return status(expiresAt.getTime() > now.getTime() ? 'active' : 'expired', undefined, expiresAt);
}

const EVENT_LABELS: Readonly<Record<AuditEventType, string>> = eventLabels;

/**
 * The trail's words for an event. `files`: a file push, whose last view leaves the files downloadable
 * until `downloadsOpenUntil` (formatted by `format`), so it is not "Destroyed: no views left".
 */
export function eventLabel(
  type: AuditEventType,
  files?: { downloadsOpenUntil: Date | undefined; now: Date; format: (at: Date) => string },
): string {
  if (type === 'expired_by_views' && files) {
    const until = files.downloadsOpenUntil;
    return auditTrailText.filesOpened(until !== undefined && until > files.now ? files.format(until) : undefined);
  }
  return EVENT_LABELS[type];
}

/** The trail's summary line: "Audit trail (1 event)", "(3 events)", "(20+ events)" while more pages wait. */
export function trailSummary(remote: Pick<Extract<Remote, { kind: 'ok' }>, 'events' | 'nextCursor'>): string {
  return auditTrailText.summary(remote.events.length, remote.nextCursor !== null);
}

/** Events that deserve attention in the trail (someone guessing, or the end of the push). */
export function eventTone(type: AuditEventType): 'normal' | 'warning' | 'end' {
  if (type === 'failed_key' || type === 'failed_passphrase' || type === 'locked' || type === 'recipient_mismatch') {
    return 'warning';
  }
  if (
    type === 'created' ||
    type === 'viewed' ||
    type === 'upload_completed' ||
    type === 'download_started' ||
    type === 'audit_read_by_admin'
  ) {
    return 'normal';
  }
  return 'end';
}
