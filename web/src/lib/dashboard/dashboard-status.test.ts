import { describe, expect, it } from 'vitest';
import { AUDIT_EVENT_TYPES, type AuditEvent, type EventsPage } from '@zkpush/shared/schemas';
import {
  eventLabel,
  eventTone,
  pushStatus,
  remoteFrom,
  trailSummary,
  withNextPage,
  type Remote,
} from './dashboard-status.ts';
import type { DashboardEntry } from './dashboard-store.ts';

const NOW = new Date('2026-11-21T14:05:00.000Z');
const LATER = '2026-11-22T14:05:00.000Z';
const EARLIER = '2026-11-21T13:05:00.000Z';

const entry: DashboardEntry = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  ownerToken: 'Q'.repeat(43),
  createdAt: EARLIER,
  expiresAt: LATER,
  views: 2,
  hasPassphrase: true,
};

const event = (seq: number, type: AuditEvent['type']): AuditEvent => ({
  seq,
  type,
  at: EARLIER,
  ip: null,
  userAgent: null,
  referrer: null,
});

const page = (over: Partial<EventsPage> = {}): EventsPage => ({
  id: entry.id,
  state: 'active',
  views: 2,
  viewsLeft: 1,
  createdAt: EARLIER,
  expiresAt: LATER,
  events: [event(1, 'created'), event(2, 'viewed')],
  nextCursor: null,
  ...over,
});

describe('remoteFrom', () => {
  it('keeps state, counts and events of a page', () => {
    expect(remoteFrom({ kind: 'ok', value: page({ nextCursor: '2' }) })).toEqual({
      kind: 'ok',
      state: 'active',
      viewsLeft: 1,
      expiresAt: new Date(LATER),
      events: [event(1, 'created'), event(2, 'viewed')],
      nextCursor: '2',
    });
  });

  it('carries the count of wrong link keys when the server sends one', () => {
    const wrong = { count: 2000, omitted: 1990 };
    expect(remoteFrom({ kind: 'ok', value: page({ failedKeyAttempts: wrong }) })).toMatchObject({
      kind: 'ok',
      failedKeyAttempts: wrong,
    });
    expect(remoteFrom({ kind: 'ok', value: page({}) })).not.toHaveProperty('failedKeyAttempts');
  });

  it('separates a purged record, a refused token and trouble', () => {
    expect(remoteFrom({ kind: 'error', status: 404, code: 'not_found', message: 'x' })).toEqual({ kind: 'purged' });
    expect(remoteFrom({ kind: 'error', status: 403, code: 'forbidden', message: 'x' })).toEqual({ kind: 'refused' });
    expect(remoteFrom({ kind: 'error', status: 401, code: 'unauthorized', message: 'x' })).toEqual({ kind: 'refused' });
    expect(remoteFrom({ kind: 'network', message: 'x' })).toEqual({
      kind: 'problem',
      message: "Can't reach the server.",
    });
  });
});

describe('withNextPage', () => {
  it('appends new events and takes the newest state', () => {
    const first = remoteFrom({ kind: 'ok', value: page({ nextCursor: '2' }) });
    if (first.kind !== 'ok') throw new Error('setup');
    const next = page({ state: 'viewed', viewsLeft: 0, events: [event(2, 'viewed'), event(3, 'viewed')] });
    const out = withNextPage(first, { kind: 'ok', value: next });
    expect(out.problem).toBeUndefined();
    expect(out.remote).toMatchObject({ state: 'viewed', viewsLeft: 0, nextCursor: null });
    expect(out.remote.kind === 'ok' && out.remote.events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('keeps what it had when the next page fails', () => {
    const first = remoteFrom({ kind: 'ok', value: page({ nextCursor: '2' }) });
    if (first.kind !== 'ok') throw new Error('setup');
    const out = withNextPage(first, { kind: 'network', message: 'x' });
    expect(out.remote).toBe(first);
    expect(out.problem).toBe("Can't reach the server.");
  });
});

describe('pushStatus', () => {
  const ok = (over: Partial<EventsPage>): Remote => remoteFrom({ kind: 'ok', value: page(over) });

  it('uses the stored expiry until the server answers', () => {
    expect(pushStatus(entry, { kind: 'loading' }, NOW)).toMatchObject({
      state: 'active',
      ended: false,
      viewsLeft: undefined,
    });
    expect(pushStatus({ ...entry, expiresAt: EARLIER }, { kind: 'problem', message: 'x' }, NOW)).toMatchObject({
      state: 'expired',
      ended: true,
    });
  });

  it('follows the server state', () => {
    expect(pushStatus(entry, ok({}), NOW)).toMatchObject({ state: 'active', viewsLeft: 1, label: 'Active' });
    expect(pushStatus(entry, ok({ state: 'viewed', viewsLeft: 0 }), NOW)).toMatchObject({
      state: 'viewed',
      ended: true,
    });
    expect(pushStatus(entry, ok({ state: 'locked' }), NOW).label).toBe('Destroyed: too many wrong passphrases');
    expect(pushStatus(entry, { kind: 'purged' }, NOW)).toMatchObject({ state: 'purged', ended: true });
  });

  it('tells who deleted it', () => {
    const byViewer = ok({ state: 'deleted', events: [event(1, 'created'), event(2, 'deleted_by_viewer')] });
    const byCreator = ok({ state: 'deleted', events: [event(1, 'created'), event(2, 'deleted_by_creator')] });
    expect(pushStatus(entry, byViewer, NOW).state).toBe('deleted_by_viewer');
    expect(pushStatus(entry, byCreator, NOW).state).toBe('deleted_by_creator');
  });

  it('offers deletion of an ended push only while a download window is still open', () => {
    const open = { state: 'viewed', viewsLeft: 0, downloadsOpenUntil: LATER } as const;
    expect(ok(open)).toMatchObject({ downloadsOpenUntil: new Date(LATER) });
    expect(pushStatus(entry, ok(open), NOW)).toMatchObject({ state: 'viewed', ended: true, downloadsOpen: true });
    expect(pushStatus(entry, ok({ ...open, state: 'expired' }), NOW).downloadsOpen).toBe(true);
    // The window closed (the sweeper has not caught up yet), or nothing was ever revealed.
    expect(pushStatus(entry, ok({ ...open, downloadsOpenUntil: EARLIER }), NOW).downloadsOpen).toBe(false);
    expect(pushStatus(entry, ok({ state: 'viewed', viewsLeft: 0 }), NOW).downloadsOpen).toBe(false);
    // Deleted, burned or locked pushes have no files left; an active one is offered anyway.
    expect(pushStatus(entry, ok({ ...open, state: 'locked' }), NOW).downloadsOpen).toBe(false);
    expect(pushStatus(entry, ok({ downloadsOpenUntil: LATER }), NOW)).toMatchObject({ ended: false });
  });

  it('calls an active push past its expiry expired before the sweeper runs', () => {
    expect(pushStatus(entry, ok({ expiresAt: EARLIER }), NOW)).toMatchObject({ state: 'expired', ended: true });
  });
});

describe('event wording', () => {
  it('does not call a file push destroyed at its last view while its files can be downloaded (issue 13 §4.10)', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    const format = (at: Date): string => at.toISOString();
    expect(eventLabel('expired_by_views')).toBe('Destroyed: no views left');
    expect(eventLabel('expired_by_views', { downloadsOpenUntil: new Date('2026-01-01T13:00:00Z'), now, format })).toBe(
      'Last view used; the files can be downloaded until 2026-01-01T13:00:00.000Z',
    );
    expect(eventLabel('expired_by_views', { downloadsOpenUntil: undefined, now, format })).toBe(
      "Last view used; the files' download window has closed",
    );
  });

  it('has a distinct label for every event type', () => {
    const labels = AUDIT_EVENT_TYPES.map((type) => eventLabel(type));
    expect(new Set(labels).size).toBe(AUDIT_EVENT_TYPES.length);
    expect(eventTone('failed_passphrase')).toBe('warning');
    expect(eventTone('viewed')).toBe('normal');
    expect(eventTone('expired_by_time')).toBe('end');
  });
});

describe('trailSummary', () => {
  it('counts events in the singular and plural, and marks unloaded pages', () => {
    expect(trailSummary({ events: [event(1, 'created')], nextCursor: null })).toBe('Audit trail (1 event)');
    expect(trailSummary({ events: [event(1, 'created'), event(2, 'viewed')], nextCursor: null })).toBe(
      'Audit trail (2 events)',
    );
    expect(trailSummary({ events: [], nextCursor: null })).toBe('Audit trail (0 events)');
    expect(trailSummary({ events: [event(1, 'created')], nextCursor: '1' })).toBe('Audit trail (1+ events)');
  });
});
