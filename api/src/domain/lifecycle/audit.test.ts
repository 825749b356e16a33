/**
 * The audit trail's bounds, driven through the HTTP app (issue 10 §1): wrong keys from anyone who has
 * the id are recorded bounded and can neither end a push nor crowd out its other events, and a push
 * used as its creator allowed — every view, every file of every view — never reaches the cap.
 */
import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { EventsPage, RevealResponse } from '@zkpush/shared/schemas';
import { defaultConfig } from '../../config/config.ts';
import { createSecret, expectError, postJson, proofPair } from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';
import { createFilePush, getFile, openBlob, patternBytes, revealFiles, uploadAll } from '../../testing/file-push.ts';

const t = appPerTest();

async function trail(s: { id: string; ownerToken: string }): Promise<EventsPage> {
  const res = await t.app.request(`/api/v1/secrets/${s.id}/events?limit=200`, {
    headers: { authorization: `Bearer ${s.ownerToken}` },
  });
  expect(res.status).toBe(200);
  return v.parse(EventsPage, await res.json());
}

/** Every event of a push, page by page. */
async function wholeTrail(s: { id: string; ownerToken: string }): Promise<EventsPage['events']> {
  const events: EventsPage['events'] = [];
  let after = '';
  for (;;) {
    const res = await t.app.request(`/api/v1/secrets/${s.id}/events?limit=200${after}`, {
      headers: { authorization: `Bearer ${s.ownerToken}` },
    });
    const page = v.parse(EventsPage, await res.json());
    events.push(...page.events);
    if (page.nextCursor === null) return events;
    after = `&after=${page.nextCursor}`;
  }
}

describe('wrong keys from someone holding only the id', () => {
  // 2,000 sequential requests: on PostgreSQL (api-pg) each is several round trips, so this test may take
  // minutes on a busy machine; the timeout is a hang detector, not a budget.
  test('2,000 wrong proofs from 200 addresses (each inside the default failure budget) leave the push intact', async () => {
    // The rate limiter on, as shipped: each address may fail 10 times a minute.
    await t.reconfigure({ config: { rateLimit: defaultConfig().rateLimit } });
    const s = await createSecret(t.app);
    for (let address = 0; address < 200; address++) {
      const peer = `10.${address}.0.1`;
      for (let i = 0; i < 10; i++) {
        const res = await postJson(
          t.app,
          `/api/v1/secrets/${s.id}/reveal`,
          { keyProof: proofPair().keyProof },
          { peer },
        );
        expect((await expectError(res, 403)).code).toBe('wrong_key');
      }
    }

    const before = await trail(s);
    expect(before.state).toBe('active');
    expect(before.failedKeyAttempts).toEqual({ count: 2000, omitted: 1990 });
    // The first five and the latest five are kept, with who sent them.
    const failed = before.events.filter((e) => e.type === 'failed_key');
    expect(failed).toHaveLength(10);
    expect(failed.slice(0, 5).map((e) => e.ip)).toEqual(Array<string>(5).fill('10.0.0.0/24'));
    expect(failed.slice(5).map((e) => e.ip)).toEqual(Array<string>(5).fill('10.199.0.0/24'));

    const res = await postJson(
      t.app,
      `/api/v1/secrets/${s.id}/reveal`,
      { keyProof: s.keyProof },
      { peer: '192.0.2.7' },
    );
    expect(res.status).toBe(200);
    expect(v.parse(RevealResponse, await res.json()).viewsLeft).toBe(0);
    const after = await trail(s);
    expect(after.state).toBe('viewed');
    expect(after.events.map((e) => e.type)).toEqual([
      'created',
      ...Array<string>(10).fill('failed_key'),
      'viewed',
      'expired_by_views',
    ]);
  }, 300_000);

  test('at a tiny cap, wrong keys are counted without filling it: every view still works', async () => {
    await t.reconfigure({ config: { audit: { ...defaultConfig().audit, maxEventsPerPush: 10 } } });
    const s = await createSecret(t.app, { views: 3 });
    for (let i = 0; i < 50; i++) {
      expect((await postJson(t.app, `/api/v1/secrets/${s.id}/reveal`, { keyProof: proofPair().keyProof })).status).toBe(
        403,
      );
    }
    for (let i = 0; i < 3; i++) {
      expect((await postJson(t.app, `/api/v1/secrets/${s.id}/reveal`, { keyProof: s.keyProof })).status).toBe(200);
    }
    const body = await trail(s);
    expect(body.state).toBe('viewed');
    expect(body.failedKeyAttempts).toEqual({ count: 50, omitted: 40 });
    expect(body.events.map((e) => e.type).filter((type) => type !== 'failed_key')).toEqual([
      'created',
      'viewed',
      'viewed',
      'viewed',
      'expired_by_views',
    ]);
  });

  test('a push nobody guessed at has no failedKeyAttempts field (as before)', async () => {
    const s = await createSecret(t.app);
    expect(await trail(s)).not.toHaveProperty('failedKeyAttempts');
  });
});

describe('legitimate use never locks a push', () => {
  test('a 100-view, 10-file push can be revealed and all its files downloaded 100 times', async () => {
    const files = Array.from({ length: 10 }, (_, i) => ({ name: `f${i}`, bytes: patternBytes(16, i) }));
    const push = await createFilePush(t.app, files, { views: 100 });
    await uploadAll(t.app, push);
    for (let view = 0; view < 100; view++) {
      const revealed = await revealFiles(t.app, push);
      expect(revealed.viewsLeft).toBe(99 - view);
      const token = revealed.download?.token ?? '';
      for (let file = 0; file < files.length; file++) {
        const res = await getFile(t.app, push.id, file, token);
        expect(res.status).toBe(200);
        const blob = new Uint8Array(await res.arrayBuffer());
        if (view === 99) expect(openBlob(push, file, blob)).toEqual(files[file]?.bytes);
      }
    }
    const events = await wholeTrail(push);
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(events).toHaveLength(2 + 100 + 1000 + 1);
    expect([count('viewed'), count('download_started'), count('expired_by_views'), count('locked')]).toEqual([
      100, 1000, 1, 0,
    ]);
  }, 300_000);
});
