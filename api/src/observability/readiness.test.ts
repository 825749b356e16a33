/**
 * readiness.ts on its own: a check that hangs fails within the timeout instead of hanging the probe,
 * a schema once current is not asked again, and draining wins over every check.
 */
import { expect, test } from 'vitest';
import { createReadiness } from './readiness.ts';

const ok = () => Promise.resolve();

test('a database that never answers fails the probe within the timeout', async () => {
  const readiness = createReadiness({
    ping: () => new Promise<void>(() => undefined),
    pendingMigrations: () => Promise.resolve([]),
    freeBytes: () => Promise.resolve(1),
    diskReserveBytes: 0,
    timeoutMs: 50,
  });
  expect(await readiness.check()).toEqual({
    ready: false,
    draining: false,
    checks: { database: 'failed', migrations: 'ok', disk: 'ok' },
  });
});

test('pending migrations fail it; once current, the migrations are not asked again', async () => {
  let pending = ['0007-next'];
  let asked = 0;
  const readiness = createReadiness({
    ping: ok,
    pendingMigrations: () => {
      asked++;
      return Promise.resolve(pending);
    },
    freeBytes: () => Promise.resolve(1),
    diskReserveBytes: 0,
  });
  expect((await readiness.check()).checks.migrations).toBe('failed');
  pending = [];
  expect((await readiness.check()).ready).toBe(true);
  expect((await readiness.check()).ready).toBe(true);
  expect(asked).toBe(2);
});

test('draining: not ready whatever the checks say', async () => {
  const readiness = createReadiness({
    ping: ok,
    pendingMigrations: () => Promise.resolve([]),
    freeBytes: () => Promise.resolve(1),
    diskReserveBytes: 0,
  });
  readiness.drain();
  expect(await readiness.check()).toMatchObject({ ready: false, draining: true, checks: { database: 'ok' } });
});
