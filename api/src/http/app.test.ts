import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { ErrorBody, ServerConfig } from '@zkpush/shared/schemas';
import { createApp } from './app.ts';
import { defaultConfig } from '../config/config.ts';
import type { FilesService } from '../domain/files/files-service.ts';
import type { SecretsService } from '../domain/secrets/secrets-service.ts';
import { SECURITY_HEADERS } from './middleware/security-headers.ts';
import { createMemoryLogger } from '../logger.ts';
import { createSecret, createTestApp, fakeEnvelope, postJson } from '../testing/harness.ts';
import { appPerTest } from '../testing/app-per-test.ts';
import { toBase64url } from '@zkpush/shared/base64url';

const t = appPerTest({ config: { views: { min: 1, max: 7, default: 2 } } });

async function error(res: Response, status: number) {
  expect(res.status).toBe(status);
  return v.parse(ErrorBody, await res.json()).error;
}

function expectSecurityHeaders(res: Response): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name)).toBe(value);
  expect(res.headers.get('access-control-allow-origin')).toBeNull();
}

test('GET /api/v1/config reports the configured limits', async () => {
  const res = await t.app.request('/api/v1/config');
  expect(res.status).toBe(200);
  expect(v.parse(ServerConfig, await res.json())).toEqual({
    apiVersion: 1,
    views: { min: 1, max: 7, default: 2 },
    expiresIn: { min: 300, max: 7776000, default: 86400 },
    maxEnvelopeBytes: 1048576,
    flags: {
      retrievalStep: { default: true, changeable: true },
      deletableByViewer: { default: true, changeable: true },
    },
    passphrase: { allowed: true, maxAttempts: 5 },
    audit: { ipLogging: 'truncated', retentionSeconds: 7776000, maxEventsPerPush: 1000 },
    files: {
      allowed: true,
      maxFiles: 10,
      maxFileBytes: 4 * 2 ** 30,
      maxPushBytes: 16 * 2 ** 30,
      chunkBytes: 1048576,
      downloadWindowSeconds: 3600,
      uploadIdleSeconds: 3600,
    },
    brand: {
      name: 'zkpush',
      tagline: null,
      disclaimer: null,
      logo: null,
      links: { imprint: null, privacy: null, support: null },
    },
    instance: { create: true, dashboard: true },
    auth: {
      mode: 'none',
      createPolicy: 'anyone',
      signInPath: null,
      filesAdminsOnly: false,
      memberExpiryMax: 7776000,
      tokenMaxExpiry: 365 * 86400,
    },
  });
});

test('HEAD works wherever GET does', async () => {
  const res = await t.app.request('/api/v1/config', { method: 'HEAD' });
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('');
});

describe('routing errors', () => {
  test.each(['/api', '/api/', '/api/v1', '/api/v2/config', '/api/v1/nope', '/api/v1/secrets/x/y/z', '/api/v1/config/'])(
    '404 JSON for unknown API path %s',
    async (path) => {
      const err = await error(await t.app.request(path), 404);
      expect(err.code).toBe('not_found');
    },
  );

  test.each([
    ['PUT', '/api/v1/config', 'GET, HEAD'],
    ['GET', '/api/v1/secrets', 'POST'],
    ['DELETE', '/api/v1/secrets', 'POST'],
    ['POST', '/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA', 'GET, HEAD, DELETE'],
    ['PATCH', '/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA', 'GET, HEAD, DELETE'],
    ['GET', '/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA/reveal', 'POST'],
    ['OPTIONS', '/api/v1/secrets', 'POST'],
    ['POST', '/', 'GET, HEAD'],
    ['DELETE', '/s/abc', 'GET, HEAD'],
  ])('405 for %s %s with Allow: %s', async (method, path, allow) => {
    const res = await t.app.request(path, { method });
    expect((await error(res, 405)).code).toBe('method_not_allowed');
    expect(res.headers.get('allow')).toBe(allow);
    expectSecurityHeaders(res);
  });
});

describe('headers', () => {
  test('security headers and no-store on API successes and errors', async () => {
    const s = await createSecret(t.app, { views: 1 });
    const responses = [
      await t.app.request('/api/v1/config'),
      await t.app.request(`/api/v1/secrets/${s.id}`),
      await postJson(t.app, `/api/v1/secrets/${s.id}/reveal`, { keyProof: s.keyProof }),
      await t.app.request(`/api/v1/secrets/${s.id}`),
      await t.app.request('/api/v1/unknown'),
      await postJson(t.app, '/api/v1/secrets', { envelope: toBase64url(fakeEnvelope()) }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 410, 404, 400]);
    for (const res of responses) {
      expectSecurityHeaders(res);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  test('Permissions-Policy denies sensors and clipboard-read but allows clipboard-write for self', () => {
    const policy = SECURITY_HEADERS['Permissions-Policy']!;
    for (const denied of ['camera', 'microphone', 'geolocation', 'clipboard-read', 'interest-cohort']) {
      expect(policy).toContain(`${denied}=()`);
    }
    expect(policy).toContain('clipboard-write=(self)');
  });

  test('pages answer 503 with build instructions when no web build is loaded', async () => {
    for (const path of ['/', '/s/AAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await t.app.request(path);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('pnpm build');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expectSecurityHeaders(res);
    }
  });
});

describe('unexpected failures', () => {
  const exploding: SecretsService = {
    create: () => Promise.reject(new Error('disk on fire at /var/secret/path')),
    getMeta: () => Promise.reject(new Error('SQLITE_CORRUPT: detail that must not leak')),
    reveal: () => Promise.reject(new Error('boom')),
    burn: () => Promise.reject(new Error('boom')),
    expireByOwner: () => Promise.reject(new Error('boom')),
    events: () => Promise.reject(new Error('boom')),
  };
  const explodingFiles: FilesService = {
    putChunk: () => Promise.reject(new Error('boom')),
    uploadStatus: () => Promise.reject(new Error('boom')),
    finalize: () => Promise.reject(new Error('boom')),
    download: () => Promise.reject(new Error('boom')),
  };

  test('become 500 internal_error without details, logged without the body or headers', async () => {
    const logger = createMemoryLogger();
    const app = createApp({ config: defaultConfig(), secrets: exploding, files: explodingFiles, logger });
    const res = await app.request('/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA?token=query-secret', {
      headers: { authorization: 'Bearer header-secret' },
    });
    expect(await error(res, 500)).toEqual({ code: 'internal_error', message: 'internal error' });
    expectSecurityHeaders(res);

    const created = await postJson(app, '/api/v1/secrets', {
      envelope: toBase64url(fakeEnvelope()),
      keyProofHash: 'Bx'.repeat(21) + 'A',
    });
    expect(created.status).toBe(500);

    const log = logger.lines.join('');
    expect(log).toContain('SQLITE_CORRUPT');
    expect(log).toContain('"path":"/api/v1/secrets/:id"');
    for (const leaked of ['query-secret', 'header-secret', 'AAAAAAAAAAAAAAAAAAAAAA', 'Bx'.repeat(21) + 'A']) {
      expect(log).not.toContain(leaked);
    }
  });
});

test('request log lines carry method, redacted path, status and duration only', async () => {
  const s = await createSecret(t.app, { peer: '203.0.113.99', headers: { 'user-agent': 'agent-in-audit-only' } });
  await t.app.request(`/api/v1/secrets/${s.id}?x=secret-query`);
  const lines = t.logLines.map((line): unknown => JSON.parse(line));
  const requestLines = lines.filter((l) => v.is(v.object({ msg: v.literal('request') }), l));
  expect(requestLines).toHaveLength(2);
  expect(requestLines[1]).toEqual({
    time: expect.any(String),
    level: 'info',
    msg: 'request',
    method: 'GET',
    path: '/api/v1/secrets/:id',
    status: 200,
    ms: expect.any(Number),
  });
  const log = t.logLines.join('');
  // Client addresses and user agents go to the creator's audit trail, never to the log.
  for (const leaked of [
    s.id,
    s.ownerToken,
    s.keyProof,
    s.envelope,
    'secret-query',
    '203.0.113',
    'agent-in-audit-only',
  ]) {
    expect(log).not.toContain(leaked);
  }
});

test('ZKPUSH_DASHBOARD_ENABLED=false: /dashboard is a 404, the API the CLI uses stays', async () => {
  const off = await createTestApp({ config: { instance: { create: true, dashboard: false } } });
  try {
    const page = await off.app.request('/dashboard');
    expect(page.status).toBe(404);
    expect(page.headers.get('cache-control')).toBe('no-store');
    // Another page still reaches the web app (here: not built, so 503), and the config says so.
    expect((await off.app.request('/')).status).toBe(503);
    const config = v.parse(ServerConfig, await (await off.app.request('/api/v1/config')).json());
    expect(config.instance).toEqual({ create: true, dashboard: false });
  } finally {
    await off.close();
  }
  // On by default: the page is the web app's.
  expect((await t.app.request('/dashboard')).status).toBe(503);
});
