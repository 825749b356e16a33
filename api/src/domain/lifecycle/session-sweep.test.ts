/**
 * The sweeper purges ended sessions and abandoned sign-ins every pass (issue 12 §1: server-side
 * sessions with idle and absolute timeouts) — not only when someone next signs in. Runs on SQLite and,
 * in the `api-pg` project, on PostgreSQL (the auth repo's SQL is the same kysely on both engines).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../config/config.ts';
import { sha256Hex } from '../../auth/secret-token.ts';
import { createTestApp, type TestApp } from '../../testing/harness.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function signInConfig(env: Record<string, string>) {
  const parsed = parseConfig({ ZKPUSH_AUTH: 'trusted-header', ZKPUSH_TRUSTED_PROXIES: '10.0.0.0/24', ...env });
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  return { auth: parsed.config.auth, trustedProxies: parsed.config.trustedProxies };
}

async function withApp(env: Record<string, string>, run: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await createTestApp({ config: signInConfig(env) });
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

async function newUser(t: TestApp): Promise<string> {
  const subject = randomUUID();
  const user = await t.authRepo.upsertUser({
    newId: subject,
    issuer: 'https://idp.test',
    subject,
    email: `${subject}@example.com`,
    emailVerified: true,
    name: null,
    role: 'member',
    now: t.clock.now(),
  });
  return user.id;
}

const sessionRow = (t: TestApp, cookie: string) =>
  t.database.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', sha256Hex(cookie)).executeTakeFirst();

describe('the sweeper and sessions', () => {
  test('a pass deletes idle and past-their-end sessions and expired sign-ins, and keeps live ones', async () => {
    await withApp({ ZKPUSH_SESSION_IDLE_TIMEOUT: '15m', ZKPUSH_SESSION_MAX_AGE: '1h' }, async (t) => {
      const sessions = t.auth?.sessions;
      if (sessions === undefined) throw new Error('sign-in is on');
      const userId = await newUser(t);

      const old = await sessions.start(userId, 'id-token');
      t.clock.advance(10 * MINUTE);
      const idle = await sessions.start(userId, null);
      // `old` is used every ten minutes; `idle` never again.
      for (let i = 0; i < 2; i++) {
        expect(await sessions.resolve(old)).toBeDefined();
        t.clock.advance(10 * MINUTE);
      }
      expect(await sessions.resolve(old)).toBeDefined();
      const live = await sessions.start(userId, null);
      const login = { codeVerifier: 'v', nonce: 'n', returnTo: '/' };
      await t.authRepo.insertLogin(sha256Hex('abandoned'), { ...login, expiresAt: t.clock.now() - 1 });
      await t.authRepo.insertLogin(sha256Hex('in flight'), { ...login, expiresAt: t.clock.now() + HOUR });

      // Nothing has read `idle` since it went idle, so only the sweeper can remove it.
      expect(await sessionRow(t, idle)).toBeDefined();
      expect(await t.sweeper.sweepOnce()).toMatchObject({ sessions: 2 });
      expect(await sessionRow(t, idle)).toBeUndefined();
      expect(await sessionRow(t, old)).toBeDefined();

      // `old` passes its absolute end (an hour after sign-in) although it is still in use.
      for (let i = 0; i < 2; i++) {
        t.clock.advance(10 * MINUTE);
        expect(await sessions.resolve(old)).toBeDefined();
        expect(await sessions.resolve(live)).toBeDefined();
      }
      t.clock.advance(11 * MINUTE);
      expect(await sessions.resolve(live)).toBeDefined();
      expect(await t.sweeper.sweepOnce()).toMatchObject({ sessions: 1 });
      expect(await sessionRow(t, old)).toBeUndefined();
      expect(await sessionRow(t, live)).toBeDefined();
      expect(await t.authRepo.takeLogin(sha256Hex('abandoned'))).toBeUndefined();
      expect(await t.authRepo.takeLogin(sha256Hex('in flight'))).toMatchObject({ returnTo: '/' });

      // Past the idle timeout nothing is left.
      t.clock.advance(HOUR);
      expect(await t.sweeper.sweepOnce()).toMatchObject({ sessions: 1 });
      expect(await sessionRow(t, live)).toBeUndefined();
    });
  });

  test('at the shortest idle timeout a session in use stays alive (its last use is recorded often enough)', async () => {
    await withApp({ ZKPUSH_SESSION_IDLE_TIMEOUT: '60s', ZKPUSH_SESSION_MAX_AGE: '1h' }, async (t) => {
      const sessions = t.auth?.sessions;
      if (sessions === undefined) throw new Error('sign-in is on');
      const cookie = await sessions.start(await newUser(t), null);
      for (let i = 0; i < 5; i++) {
        t.clock.advance(40_000);
        expect(await sessions.resolve(cookie), `use ${i}`).toBeDefined();
        await t.sweeper.sweepOnce();
        expect(await sessionRow(t, cookie)).toBeDefined();
      }
      t.clock.advance(MINUTE + 1);
      await t.sweeper.sweepOnce();
      expect(await sessionRow(t, cookie)).toBeUndefined();
      expect(await sessions.resolve(cookie)).toBeUndefined();
    });
  });

  test('without sign-in the step reports 0', async () => {
    const t = await createTestApp();
    try {
      expect(await t.sweeper.sweepOnce()).toMatchObject({ sessions: 0 });
    } finally {
      await t.close();
    }
  });
});
