/**
 * Health and metrics on the production server over real HTTP (docs/self-hosting.md "Probes" and
 * "Metrics"): the probes on the main listener, /metrics on its own listener (ZKPUSH_METRICS_LISTEN)
 * behind ZKPUSH_METRICS_TOKEN and nowhere else, and the gauges read from the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { toBase64url } from '@zkpush/shared/base64url';
import { parseConfig, type Config } from './config/config.ts';
import { startServer } from './server.ts';
import { fakeEnvelope, proofPair } from './testing/harness.ts';

const TOKEN = 'scrape-token-for-the-test-0123';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function config(env: Record<string, string>): Config {
  const dir = mkdtempSync(join(tmpdir(), 'zkpush-metrics-'));
  dirs.push(dir);
  const parsed = parseConfig({
    ZKPUSH_PORT: '0',
    ZKPUSH_DATA_DIR: join(dir, 'data'),
    ZKPUSH_WEB_DIR: join(dir, 'no-web-build'),
    ZKPUSH_DISK_RESERVE: '0',
    ...env,
  });
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

test('probes on the main listener; /metrics only on ZKPUSH_METRICS_LISTEN, behind the token', async () => {
  const server = await startServer({
    config: config({ ZKPUSH_METRICS_LISTEN: '127.0.0.1:0', ZKPUSH_METRICS_TOKEN: TOKEN }),
  });
  try {
    const metricsUrl = server.metricsUrl;
    if (metricsUrl === undefined) throw new Error('no metrics listener');
    expect(metricsUrl).not.toBe(server.url);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', disk: 'ok' } });
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);

    const { keyProofHash } = proofPair();
    const envelope = fakeEnvelope(1000);
    const created = await fetch(`${server.url}/api/v1/secrets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ envelope: toBase64url(envelope), keyProofHash }),
    });
    expect(created.status).toBe(201);

    expect((await fetch(`${metricsUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${metricsUrl}/`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/healthz`)).status).toBe(404);
    const scraped = await fetch(`${metricsUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toContain(`zkpush_stored_bytes{kind="envelopes"} ${envelope.length}`);
    expect(text).toContain('zkpush_stored_bytes{kind="files"} 0');
    expect(text).toMatch(/zkpush_db_group_commit_jobs_count [1-9]/);
    expect(text).toMatch(/zkpush_sweeps_total\{outcome="ok"\} [1-9]/);
    expect(text).toContain('zkpush_pushes_created_total{kind="text"} 1');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  } finally {
    await server.close();
  }
});

test('metrics are off by default: /metrics is 404 and no second listener starts', async () => {
  const server = await startServer({ config: config({}) });
  try {
    expect(server.metricsUrl).toBeUndefined();
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  } finally {
    await server.close();
  }
});

test('ZKPUSH_METRICS=on serves /metrics on the main listener', async () => {
  const server = await startServer({ config: config({ ZKPUSH_METRICS: 'on' }) });
  try {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('zkpush_http_requests_total');
  } finally {
    await server.close();
  }
});
