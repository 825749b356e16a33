/** The audit trail: which events are written, what they record about the client, and how the creator reads them. */
import { beforeEach, describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { toBase64url } from '@zkpush/shared/base64url';
import { EventsPage } from '@zkpush/shared/schemas';
import type { Config } from '../../config/config.ts';
import { parseTrustedProxy, type TrustedProxy } from '../../net/client-ip.ts';
import { FAKE_EPOCH } from '../../testing/fake-clock.ts';
import {
  createSecret,
  expectError,
  fakeEnvelope,
  fromPeer,
  postJson,
  proofPair,
  type CreatedSecret,
} from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';

const t = appPerTest();

const reconfigure = (config: Partial<Config>) => t.reconfigure({ config });

const eventsRes = (s: Pick<CreatedSecret, 'id' | 'ownerToken'>, query = '') =>
  t.app.request(`/api/v1/secrets/${s.id}/events${query}`, { headers: { authorization: `Bearer ${s.ownerToken}` } });
async function page(s: Pick<CreatedSecret, 'id' | 'ownerToken'>, query = ''): Promise<EventsPage> {
  const res = await eventsRes(s, query);
  expect(res.status).toBe(200);
  return v.parse(EventsPage, await res.json());
}
const types = async (s: CreatedSecret) => (await page(s)).events.map((e) => e.type);
const reveal = (s: CreatedSecret, keyProof = s.keyProof, peer?: string) =>
  postJson(t.app, `/api/v1/secrets/${s.id}/reveal`, { keyProof }, peer === undefined ? {} : { peer });
const del = (s: CreatedSecret) =>
  t.app.request(`/api/v1/secrets/${s.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${s.ownerToken}` } });

describe('event types', () => {
  test('created, failed_key, viewed, and the last view adds expired_by_views', async () => {
    const s = await createSecret(t.app, { views: 2 });
    await reveal(s, proofPair().keyProof);
    await reveal(s);
    await reveal(s);
    expect(await types(s)).toEqual(['created', 'failed_key', 'viewed', 'viewed', 'expired_by_views']);
    const body = await page(s);
    expect(body).toMatchObject({ id: s.id, state: 'viewed', views: 2, viewsLeft: 0, nextCursor: null });
    expect(body.createdAt).toBe(new Date(FAKE_EPOCH).toISOString());
  });

  test('failed_passphrase ×N, then locked', async () => {
    const s = await createSecret(t.app, { passphrase: true });
    for (let i = 0; i < 5; i++) {
      await postJson(t.app, `/api/v1/secrets/${s.id}/reveal`, {
        keyProof: s.keyProof,
        passProof: proofPair().keyProof,
      });
    }
    expect(await types(s)).toEqual(['created', ...Array<string>(5).fill('failed_passphrase'), 'locked']);
    expect((await page(s)).state).toBe('locked');
  });

  test('deleted_by_creator and deleted_by_viewer', async () => {
    const a = await createSecret(t.app);
    expect((await del(a)).status).toBe(204);
    expect(await types(a)).toEqual(['created', 'deleted_by_creator']);
    const b = await createSecret(t.app);
    expect((await postJson(t.app, `/api/v1/secrets/${b.id}/burn`, { keyProof: b.keyProof })).status).toBe(204);
    expect(await types(b)).toEqual(['created', 'deleted_by_viewer']);
    expect((await page(b)).state).toBe('deleted');
  });

  test('expired_by_time from the sweeper, dated at the expiry', async () => {
    const s = await createSecret(t.app, { expiresIn: 300 });
    t.clock.advance(400_000);
    await t.sweeper.sweepOnce();
    const body = await page(s);
    expect(body.state).toBe('expired');
    expect(body.events.at(-1)).toMatchObject({ type: 'expired_by_time', at: s.expiresAt, ip: null, userAgent: null });
  });

  test.each([
    ['metadata read', (s: CreatedSecret) => t.app.request(`/api/v1/secrets/${s.id}`)],
    ['reveal', (s: CreatedSecret) => reveal(s)],
    ['events read', (s: CreatedSecret) => eventsRes(s)],
  ])('expired_by_time when a %s finds it expired before any sweep, exactly once', async (_name, read) => {
    const s = await createSecret(t.app, { expiresIn: 300 });
    t.clock.advance(300_000);
    await read(s);
    await read(s);
    await t.sweeper.sweepOnce();
    expect(await types(s)).toEqual(['created', 'expired_by_time']);
    expect(await t.repo.readEnvelope(s.id)).toBeUndefined();
  });

  test('reading metadata or events records nothing', async () => {
    const s = await createSecret(t.app, { views: 2 });
    await t.app.request(`/api/v1/secrets/${s.id}`);
    await page(s);
    expect(await types(s)).toEqual(['created']);
  });
});

describe('what an event records about the client', () => {
  const ua = (s: string) => ({ 'user-agent': s });

  test.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:198.51.100.200', '198.51.100.0/24'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::/48'],
  ])('truncated (default): %s → %s', async (peer, stored) => {
    const s = await createSecret(t.app, { peer });
    await reveal(s, s.keyProof, peer);
    const events = (await page(s)).events;
    expect(events.map((e) => e.ip)).toEqual([stored, stored, null]);
  });

  test.each([
    ['full', '::ffff:198.51.100.200', '198.51.100.200'],
    ['full', '2001:0db8::0001', '2001:db8::1'],
    ['none', '203.0.113.77', null],
  ] as const)('%s: %s → %s', async (ipLogging, peer, stored) => {
    await reconfigure({ audit: { ipLogging, maxEventsPerPush: 1000 } });
    const s = await createSecret(t.app, { peer });
    expect((await page(s)).events[0]?.ip).toBe(stored);
  });

  test('X-Forwarded-For is ignored from an untrusted peer and honoured from a trusted proxy', async () => {
    const headers = { 'x-forwarded-for': '192.0.2.1, 203.0.113.9' };
    const untrusted = await createSecret(t.app, { peer: '198.51.100.5', headers });
    expect((await page(untrusted)).events[0]?.ip).toBe('198.51.100.0/24');

    const proxies = ['10.0.0.0/8'].map((p) => parseTrustedProxy(p)).filter((p): p is TrustedProxy => p !== undefined);
    await reconfigure({ trustedProxies: proxies });
    const trusted = await createSecret(t.app, { peer: '10.1.2.3', headers });
    expect((await page(trusted)).events[0]?.ip).toBe('203.0.113.0/24');
  });

  test('user agent and referrer are kept, capped at 512 characters; absent ones are null', async () => {
    const s = await createSecret(t.app, {
      headers: { ...ua('x'.repeat(2000)), referer: `https://chat.example/${'r'.repeat(900)}` },
    });
    const [created] = (await page(s)).events;
    expect(created?.userAgent).toBe('x'.repeat(512));
    expect(created?.referrer).toHaveLength(512);
    expect(created?.referrer?.startsWith('https://chat.example/r')).toBe(true);
    const plain = await createSecret(t.app);
    expect((await page(plain)).events[0]).toMatchObject({ ip: null, userAgent: null, referrer: null });
  });
});

describe('GET /api/v1/secrets/:id/events', () => {
  test('401 without or with a malformed token, 403 with a wrong one, 404 for an unknown id', async () => {
    const s = await createSecret(t.app);
    for (const header of [undefined, 'Bearer', 'Basic abc', 'Bearer short']) {
      const res = await t.app.request(`/api/v1/secrets/${s.id}/events`, {
        headers: header === undefined ? {} : { authorization: header },
      });
      expect((await expectError(res, 401)).code).toBe('unauthorized');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="zkpush"/);
    }
    expect((await expectError(await eventsRes({ id: s.id, ownerToken: proofPair().keyProof }), 403)).code).toBe(
      'forbidden',
    );
    const unknown = { id: toBase64url(fakeEnvelope(16)), ownerToken: s.ownerToken };
    expect((await expectError(await eventsRes(unknown), 404)).code).toBe('not_found');
  });

  test('pages oldest first with a cursor that neither skips nor repeats', async () => {
    const s = await createSecret(t.app, { views: 5 });
    for (let i = 0; i < 6; i++) await reveal(s, proofPair().keyProof);
    const first = await page(s, '?limit=3');
    expect(first.events.map((e) => e.type)).toEqual(['created', 'failed_key', 'failed_key']);
    expect(first.nextCursor).not.toBeNull();
    await reveal(s); // written while the creator pages on
    const second = await page(s, `?limit=3&after=${first.nextCursor}`);
    const third = await page(s, `?limit=3&after=${second.nextCursor}`);
    const all = [...first.events, ...second.events, ...third.events];
    expect(all.map((e) => e.type)).toEqual(['created', ...Array<string>(6).fill('failed_key'), 'viewed']);
    expect(new Set(all.map((e) => e.seq)).size).toBe(8);
    expect(third.nextCursor).toBeNull();
    expect((await page(s, `?after=${all.at(-1)?.seq}`)).events).toEqual([]);
    expect((await page(s)).events).toHaveLength(8);
  });

  test.each(['?limit=0', '?limit=201', '?limit=ten', '?after=-1', '?after=abc', '?after=1e3'])(
    '400 for %s',
    async (q) => {
      const s = await createSecret(t.app);
      expect((await expectError(await eventsRes(s, q), 400)).code).toBe('invalid_request');
    },
  );

  test('405 for other methods', async () => {
    const s = await createSecret(t.app);
    const res = await postJson(t.app, `/api/v1/secrets/${s.id}/events`, {});
    expect((await expectError(res, 405)).code).toBe('method_not_allowed');
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('retention', () => {
  test('events and the tombstone outlive the ciphertext until retention, then both are gone', async () => {
    const s = await createSecret(t.app);
    await reveal(s);
    await t.sweeper.sweepOnce();
    expect(await t.repo.readEnvelope(s.id)).toBeUndefined();

    t.clock.advance(t.config.retentionMs - 1);
    expect((await t.sweeper.sweepOnce()).purgedEvents).toBe(0);
    expect(await types(s)).toEqual(['created', 'viewed', 'expired_by_views']);

    t.clock.advance(1);
    expect((await expectError(await eventsRes(s), 404)).code).toBe('not_found');
    expect(await t.sweeper.sweepOnce()).toMatchObject({ purged: 1, purgedEvents: 3 });
    expect(await t.repo.find(s.id)).toBeUndefined();
    expect(await t.repo.listEvents(s.id, 0, 100)).toEqual([]);
  });

  test('active pushes keep their events however much older than the retention they are', async () => {
    await reconfigure({ retentionMs: 86400_000 });
    const s = await createSecret(t.app, { expiresIn: 90 * 86400 });
    t.clock.advance(30 * 86400_000);
    await t.sweeper.sweepOnce();
    expect(await types(s)).toEqual(['created']);
  });

  test('the sweeper deletes a big trail in batches before the tombstone', async () => {
    const s = await createSecret(t.app, { views: 1 });
    for (let i = 0; i < 150; i++) await reveal(s, proofPair().keyProof);
    await del(s);
    t.clock.advance(t.config.retentionMs);
    expect(await t.sweeper.sweepOnce()).toMatchObject({ purged: 1, purgedEvents: 152 });
    expect(await t.repo.listEvents(s.id, 0, 1000)).toEqual([]);
  });
});

describe('the per-push cap fails closed (ZKPUSH_AUDIT_MAX_EVENTS)', () => {
  beforeEach(async () => {
    await reconfigure({ audit: { ipLogging: 'truncated', maxEventsPerPush: 10 } });
  });

  async function filled(views = 1): Promise<CreatedSecret> {
    const s = await createSecret(t.app, { views });
    // created + 8 failed_key = 9 = cap − 1: the last slot is kept for how the push ends.
    for (let i = 0; i < 8; i++) expect((await reveal(s, proofPair().keyProof)).status).toBe(403);
    return s;
  }

  test('an action that cannot be recorded is refused and the push destroyed as locked', async () => {
    const s = await filled();
    expect(await expectError(await reveal(s, proofPair().keyProof), 410)).toMatchObject({ reason: 'locked' });
    expect(await t.repo.readEnvelope(s.id)).toBeUndefined();
    const body = await page(s);
    expect(body.state).toBe('locked');
    expect(body.events).toHaveLength(10);
    expect(body.events.at(-1)?.type).toBe('locked');
    expect(await expectError(await reveal(s), 410)).toMatchObject({ reason: 'locked' });
  });

  test('a view that would need two events at cap − 1 is refused too (fail closed, not fail open)', async () => {
    const s = await filled(1);
    expect(await expectError(await reveal(s), 410)).toMatchObject({ reason: 'locked' });
    expect((await page(s)).events.map((e) => e.type).slice(-2)).toEqual(['failed_key', 'locked']);
  });

  test('an action that ends the push may use the last slot', async () => {
    const s = await filled();
    expect((await del(s)).status).toBe(204);
    const body = await page(s);
    expect(body.events).toHaveLength(10);
    expect(body.events.at(-1)?.type).toBe('deleted_by_creator');
  });
});

test('HEAD works like GET on the events endpoint', async () => {
  const s = await createSecret(t.app);
  const res = await t.app.request(
    `/api/v1/secrets/${s.id}/events`,
    {
      method: 'HEAD',
      headers: { authorization: `Bearer ${s.ownerToken}` },
    },
    fromPeer('203.0.113.1'),
  );
  expect(res.status).toBe(200);
});
