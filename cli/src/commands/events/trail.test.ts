import type { ApiClient, ApiResult } from '@zkpush/shared/api-client';
import type { AuditEvent, EventsPage } from '@zkpush/shared/schemas';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fetchTrail } from './trail.ts';
import { ok, startTestServer, webPush, type TestServer } from '../../testing/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

const event = (seq: number): AuditEvent => ({
  seq,
  type: 'failed_key',
  at: '2030-01-01T00:00:00.000Z',
  ip: null,
  userAgent: null,
  referrer: null,
});

function fakeEvents(pages: Omit<EventsPage, 'id' | 'state' | 'views' | 'viewsLeft' | 'createdAt' | 'expiresAt'>[]) {
  const queries: (string | undefined)[] = [];
  const client: Pick<ApiClient, 'events'> = {
    events: (_id, _token, query = {}) => {
      queries.push(query.after);
      const page = pages[queries.length - 1];
      if (page === undefined) throw new Error('too many requests');
      const value: EventsPage = {
        id: 'AAAAAAAAAAAAAAAAAAAAAA',
        state: 'active',
        views: 1,
        viewsLeft: 1,
        createdAt: '2030-01-01T00:00:00.000Z',
        expiresAt: '2030-01-02T00:00:00.000Z',
        ...page,
      };
      return Promise.resolve({ kind: 'ok', value } satisfies ApiResult<EventsPage>);
    },
  };
  return { client, queries };
}

describe('fetchTrail', () => {
  test('reads every page of the real server, in order, without gaps or repeats', async () => {
    const p = await webPush(srv, 'x', { views: 5 });
    for (let i = 0; i < 4; i++) await srv.client.reveal(p.id, { keyProof: 'A'.repeat(43) });
    const whole = ok(await srv.client.events(p.id, p.ownerToken));
    const calls: (string | undefined)[] = [];
    const counting: Pick<ApiClient, 'events'> = {
      events: (id, token, query) => (calls.push(query?.after), srv.client.events(id, token, query)),
    };
    const trail = ok(await fetchTrail(counting, p.id, p.ownerToken, 2));
    const { nextCursor, ...state } = whole;
    expect(nextCursor).toBeNull();
    expect(trail).toEqual(state);
    expect(trail.events.map((e) => e.type)).toEqual(['created', ...Array<string>(4).fill('failed_key')]);
    // Five events in pages of two: three requests, the first without a cursor.
    expect(calls).toHaveLength(3);
    expect(calls[0]).toBeUndefined();
  });

  test('the state comes from the last page', async () => {
    const { client } = fakeEvents([
      { events: [event(1)], nextCursor: '1' },
      { events: [event(2)], nextCursor: null },
    ]);
    const original = client.events;
    let n = 0;
    client.events = async (...args) => {
      const page = await original(...args);
      n += 1;
      return page.kind === 'ok' && n === 2
        ? { ...page, value: { ...page.value, state: 'viewed', viewsLeft: 0 } }
        : page;
    };
    expect(ok(await fetchTrail(client, 'AAAAAAAAAAAAAAAAAAAAAA', 't'))).toMatchObject({
      state: 'viewed',
      viewsLeft: 0,
      events: [event(1), event(2)],
    });
  });

  test('a cursor that does not advance, or an empty page that claims more, is a bad response', async () => {
    const stuck = fakeEvents([
      { events: [event(1)], nextCursor: '1' },
      { events: [event(1)], nextCursor: '1' },
    ]);
    expect(await fetchTrail(stuck.client, 'AAAAAAAAAAAAAAAAAAAAAA', 't')).toEqual({
      kind: 'bad_response',
      status: 200,
      message: 'the events cursor does not advance',
    });
    expect(stuck.queries).toEqual([undefined, '1']);
    const empty = fakeEvents([{ events: [], nextCursor: '5' }]);
    expect((await fetchTrail(empty.client, 'AAAAAAAAAAAAAAAAAAAAAA', 't')).kind).toBe('bad_response');
  });

  test('an error on a later page is returned as it is', async () => {
    const { client } = fakeEvents([{ events: [event(1)], nextCursor: '1' }]);
    const first = client.events;
    client.events = (id, token, query) =>
      query?.after === undefined ? first(id, token, query) : Promise.resolve({ kind: 'network', message: 'reset' });
    expect(await fetchTrail(client, 'AAAAAAAAAAAAAAAAAAAAAA', 't')).toEqual({ kind: 'network', message: 'reset' });
  });
});
