/**
 * GET /healthz, /readyz and /metrics through the app (docs/api.md "Probes and metrics"): their shape,
 * no-store, the 503s of /readyz, the metrics token, and that probes are neither logged, counted nor
 * rate-limited.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { defaultConfig } from '../config/config.ts';
import { pendingMigrations, pingDatabase } from '../db/db-status.ts';
import { createSecret, createTestApp, expectError, postJson, type TestApp } from '../testing/harness.ts';
import type { Ops } from './ops-routes.ts';
import { createPrometheusMetrics, type PrometheusMetrics } from './prometheus-metrics.ts';
import { createReadiness, type Readiness } from './readiness.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
const open: TestApp[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

type Setup = {
  freeBytes?: () => Promise<number>;
  reserve?: number;
  metrics?: { token?: string; onMainListener?: boolean };
  rateLimited?: boolean;
};

async function setup(
  options: Setup = {},
): Promise<{ t: TestApp; readiness: () => Readiness; prom: PrometheusMetrics }> {
  const prom = createPrometheusMetrics();
  let readiness: Readiness | undefined;
  const base = defaultConfig();
  const t = await createTestApp({
    metrics: prom.sink,
    ...(options.freeBytes === undefined ? {} : { freeBytes: options.freeBytes }),
    ...(options.rateLimited === true
      ? {
          config: {
            rateLimit: { ...base.rateLimit, enabled: true, meta: { limit: 1, periodSeconds: 3600 } },
          },
        }
      : {}),
    ops: ({ database, storage }): Ops => {
      readiness = createReadiness({
        ping: () => pingDatabase(database.db),
        pendingMigrations: () => pendingMigrations(database.db),
        freeBytes: () => storage.blobs.freeBytes(),
        diskReserveBytes: options.reserve ?? 0,
      });
      const m = options.metrics;
      return {
        readiness,
        ...(m === undefined
          ? {}
          : {
              metrics: {
                scrape: prom.scrape,
                contentType: prom.contentType,
                token: m.token,
                onMainListener: m.onMainListener ?? true,
              },
            }),
      };
    },
  });
  open.push(t);
  return { t, readiness: () => readiness!, prom };
}

const get = (t: TestApp, path: string, headers: Record<string, string> = {}) =>
  Promise.resolve(t.app.request(path, { headers }));

describe('GET /healthz', () => {
  test('answers 200 {"status":"ok"}, not cacheable, with the security headers', async () => {
    const { t } = await setup();
    const res = await get(t, '/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('HEAD answers 200 without a body (curl -I, load balancers); other methods are 405', async () => {
    const { t } = await setup();
    const head = await t.app.request('/healthz', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await t.app.request('/readyz', { method: 'HEAD' })).status).toBe(200);
    expect((await t.app.request('/healthz', { method: 'POST' })).status).toBe(405);
  });

  test('answers even a host name the server does not serve (probes name it by any address)', async () => {
    const { t } = await setup();
    expect((await get(t, '/healthz', { host: 'rebind.example' })).status).toBe(200);
    expect((await get(t, '/readyz', { host: 'rebind.example' })).status).toBe(200);
  });
});

describe('GET /readyz', () => {
  test('200 with every check ok on a migrated, reachable database with room', async () => {
    const { t } = await setup({ freeBytes: () => Promise.resolve(10_000), reserve: 1_000 });
    const res = await get(t, '/readyz');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', disk: 'ok' } });
  });

  test('503 service_unavailable naming the database once it is closed', async () => {
    const { t } = await setup();
    await t.database.close();
    const res = await get(t, '/readyz');
    const error = await expectError(res.clone(), 503);
    expect(error.code).toBe('service_unavailable');
    expect(error.message).toContain('database');
    expect(await res.json()).toMatchObject({ status: 'unready', checks: { database: 'failed', disk: 'ok' } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('503 naming the disk when free space is below ZKPUSH_DISK_RESERVE', async () => {
    let free = 5_000;
    const { t } = await setup({ freeBytes: () => Promise.resolve(free), reserve: 4_096 });
    expect((await get(t, '/readyz')).status).toBe(200);
    free = 4_095;
    const res = await get(t, '/readyz');
    expect((await expectError(res.clone(), 503)).message).toContain('disk');
    expect(await res.json()).toMatchObject({ checks: { database: 'ok', migrations: 'ok', disk: 'failed' } });
  });

  test('503 when statfs fails', async () => {
    const { t } = await setup({ freeBytes: () => Promise.reject(new Error('EIO')), reserve: 1 });
    expect((await get(t, '/readyz')).status).toBe(503);
  });

  test('503 draining once shutdown has begun', async () => {
    const { t, readiness } = await setup();
    readiness().drain();
    const res = await get(t, '/readyz');
    expect((await expectError(res.clone(), 503)).message).toContain('shutting down');
    expect(await res.json()).toMatchObject({ status: 'draining', checks: { database: 'ok' } });
  });
});

describe('probes are not traffic', () => {
  test('never rate-limited, never logged, never counted', async () => {
    const { t, prom } = await setup({ rateLimited: true, metrics: {} });
    for (let i = 0; i < 30; i++) {
      expect((await get(t, '/healthz')).status).toBe(200);
      expect((await get(t, '/readyz')).status).toBe(200);
    }
    expect(t.logLines.filter((line) => line.includes('"request"'))).toEqual([]);
    const text = await prom.scrape();
    expect(text).not.toContain('healthz');
    expect(text).not.toContain('readyz');
    // The budget that limits the API is untouched by the probes: the first metadata read passes.
    const { id } = await createSecret(t.app);
    expect((await get(t, `/api/v1/secrets/${id}`)).status).toBe(200);
    expect((await get(t, `/api/v1/secrets/${id}`)).status).toBe(429);
  });
});

describe('GET /metrics', () => {
  test('404 not_found (not the web app) when metrics are off', async () => {
    const { t } = await setup();
    expect((await expectError(await get(t, '/metrics'), 404)).code).toBe('not_found');
  });

  test('404 on the main listener when they are served on a separate address', async () => {
    const { t } = await setup({ metrics: { onMainListener: false } });
    expect((await get(t, '/metrics')).status).toBe(404);
  });

  test('Prometheus text with route patterns, status codes and latencies', async () => {
    const { t } = await setup({ metrics: {} });
    const secret = await createSecret(t.app);
    const reveal = await postJson(t.app, `/api/v1/secrets/${secret.id}/reveal`, { keyProof: secret.keyProof });
    expect(reveal.status).toBe(200);
    const res = await get(t, '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).toContain(
      'zkpush_http_requests_total{method="POST",route="/api/v1/secrets/:id/reveal",status="200"} 1',
    );
    expect(text).toContain('zkpush_http_requests_total{method="POST",route="/api/v1/secrets",status="201"} 1');
    expect(text).toMatch(
      /zkpush_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/secrets\/:id\/reveal"\} 1/,
    );
    expect(text).toContain('zkpush_pushes_created_total{kind="text"} 1');
    expect(text).toContain('zkpush_pushes_revealed_total 1');
    expect(text).toContain('process_cpu_user_seconds_total');
    // The scrape itself is not counted.
    expect(text).not.toContain('route="/metrics"');
  });

  test('with ZKPUSH_METRICS_TOKEN: 401 unauthorized without it or with a wrong one, 200 with it', async () => {
    const { t } = await setup({ metrics: { token: TOKEN } });
    const missing = await get(t, '/metrics');
    expect((await expectError(missing.clone(), 401)).code).toBe('unauthorized');
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(missing.headers.get('cache-control')).toBe('no-store');
    for (const header of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, 'Bearer', TOKEN]) {
      expect((await get(t, '/metrics', { authorization: header })).status, header).toBe(401);
    }
    expect((await get(t, '/metrics', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await get(t, '/metrics', { authorization: `bearer ${TOKEN}` })).status).toBe(200);
  });

  test('keeps the host check', async () => {
    const { t } = await setup({ metrics: {} });
    expect((await get(t, '/metrics', { host: 'rebind.example' })).status).toBe(421);
  });
});
