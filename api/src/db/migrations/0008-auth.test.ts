/** Migration 0008 and the auth repo on it: users, sessions, tokens, sign-ins in flight; down removes them. */
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createAuthRepo, type AuthRepo } from '../auth-repo.ts';
import { MEMORY, openDatabase, type OpenDatabase } from '../sqlite/open-database.ts';
import { bundledMigrations } from './index.ts';
import { migrateToLatest } from './migrate.ts';

let database: OpenDatabase;
let repo: AuthRepo;
beforeEach(async () => {
  database = openDatabase(MEMORY);
  await migrateToLatest(database.db);
  repo = createAuthRepo(database.db);
});
afterEach(async () => {
  await database.close();
});

const person = {
  issuer: 'https://id.example',
  subject: 'sub-1',
  email: 'a@example.com',
  emailVerified: true,
  name: 'A',
};

test('a user is created once per issuer and subject, and refreshed on the next sign-in', async () => {
  const first = await repo.upsertUser({ ...person, newId: 'u1', role: 'member', now: 1 });
  const again = await repo.upsertUser({ ...person, newId: 'u2', email: 'b@example.com', role: 'admin', now: 2 });
  expect(again).toMatchObject({ id: 'u1', email: 'b@example.com', role: 'admin', created_at: 1, last_seen_at: 2 });
  expect(first.id).toBe('u1');
  const other = await repo.upsertUser({ ...person, issuer: 'trusted-header', newId: 'u3', role: 'member', now: 3 });
  expect(other.id).toBe('u3');
});

test('sessions are found by hash, touched, purged when idle or past their end, and deleted with their user', async () => {
  await repo.upsertUser({ ...person, newId: 'u1', role: 'member', now: 0 });
  await repo.insertSession({ idHash: 'h1', userId: 'u1', now: 0, expiresAt: 1000, idToken: 'jwt' });
  await repo.insertSession({ idHash: 'h2', userId: 'u1', now: 0, expiresAt: 5000, idToken: null });
  expect(await repo.findSession('h1')).toMatchObject({
    idHash: 'h1',
    lastSeenAt: 0,
    expiresAt: 1000,
    user: { id: 'u1' },
  });
  expect(await repo.touchSession('h2', 900)).toBe(true);
  // At 1000: h1 is past its end; h2 was seen at 900, within the idle window (idle since before 500).
  expect(await repo.purgeSessions(1000, 500)).toBe(1);
  expect(await repo.deleteSession('h2')).toEqual({ idToken: null });
  expect(await repo.deleteSession('h2')).toBeUndefined();
  await repo.insertSession({ idHash: 'h3', userId: 'u1', now: 0, expiresAt: 5000, idToken: null });
  expect(await repo.deleteUserSessions('u1')).toBe(1);
});

test('a pending sign-in is taken once', async () => {
  await repo.insertLogin('s1', { codeVerifier: 'v', nonce: 'n', returnTo: '/', expiresAt: 10 });
  expect(await repo.takeLogin('s1')).toEqual({ codeVerifier: 'v', nonce: 'n', returnTo: '/', expiresAt: 10 });
  expect(await repo.takeLogin('s1')).toBeUndefined();
  await repo.insertLogin('s2', { codeVerifier: 'v', nonce: 'n', returnTo: '/', expiresAt: 10 });
  expect(await repo.purgeLogins(10)).toBe(1);
});

test('tokens: unique hash, last use at most once per interval, revoked once, listed with their owner', async () => {
  await repo.upsertUser({ ...person, newId: 'u1', role: 'member', now: 0 });
  const token = {
    id: 't1',
    user_id: 'u1',
    name: 'ci',
    token_hash: 'abc',
    scopes: 'create',
    created_at: 0,
    expires_at: 100_000,
    last_used_at: null,
    revoked_at: null,
  };
  await repo.insertToken(token);
  await expect(repo.insertToken({ ...token, id: 't2' })).rejects.toThrow();
  await repo.touchToken('t1', 1000, 60_000);
  await repo.touchToken('t1', 2000, 60_000);
  expect((await repo.findToken('t1'))?.last_used_at).toBe(1000);
  expect(await repo.findTokenByHash('abc')).toMatchObject({ token: { id: 't1' }, user: { id: 'u1' } });
  expect(await repo.revokeToken('t1', 5)).toBe(true);
  expect(await repo.revokeToken('t1', 6)).toBe(false);
  expect(await repo.listTokens(undefined)).toMatchObject([{ id: 't1', revoked_at: 5, owner_email: 'a@example.com' }]);
  expect(await repo.listTokens('nobody')).toEqual([]);
});

test('down removes the tables', async () => {
  const { db } = database;
  expect((await new Migrator({ db, provider: bundledMigrations }).migrateTo('0006-storage-usage')).error).toBe(
    undefined,
  );
  const tables = (await db.introspection.getTables()).map((table) => table.name);
  for (const name of ['users', 'sessions', 'api_tokens', 'oidc_logins']) expect(tables).not.toContain(name);
});
