import { describe, expect, test } from 'vitest';
import { DEFAULT_WEB_DIR, parseConfig, type Config } from './config.ts';

function ok(env: Record<string, string>): Config {
  const result = parseConfig(env, { cwd: '/srv/zkpush' });
  if (result.kind !== 'ok') throw new Error(result.errors.join('\n'));
  return result.config;
}

function errors(env: Record<string, string>): string[] {
  const result = parseConfig(env, { cwd: '/srv/zkpush' });
  if (result.kind !== 'invalid') throw new Error('expected invalid config');
  return result.errors;
}

describe('parseConfig defaults', () => {
  test('an empty environment gives the documented defaults', () => {
    expect(ok({})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/srv/zkpush/data',
      sqliteSynchronous: 'full',
      webDir: DEFAULT_WEB_DIR,
      publicUrl: undefined,
      allowedHosts: { any: false, hosts: [] },
      views: { min: 1, max: 100, default: 1 },
      expiresIn: { min: 300, max: 90 * 86400, default: 86400 },
      maxEnvelopeBytes: 1048576,
      sweepIntervalMs: 60_000,
      retentionMs: 90 * 86400 * 1000,
      flags: {
        retrievalStep: { default: true, changeable: true },
        deletableByViewer: { default: true, changeable: true },
      },
      passphrase: { allowed: true, maxAttempts: 5 },
      audit: { ipLogging: 'truncated', maxEventsPerPush: 1000 },
      files: {
        allowed: true,
        maxFiles: 10,
        maxFileBytes: 4 * 2 ** 30,
        maxPushBytes: 16 * 2 ** 30,
        storageQuotaBytes: 100 * 2 ** 30,
        diskReserveBytes: 2 ** 30,
        downloadWindowSeconds: 3600,
        uploadStartSeconds: 600,
        uploadIdleSeconds: 3600,
        maxPendingBytesPerClient: 16 * 2 ** 30,
      },
      trustedProxies: [],
      rateLimit: {
        enabled: true,
        create: { limit: 30, periodSeconds: 60 },
        meta: { limit: 120, periodSeconds: 60 },
        reveal: { limit: 60, periodSeconds: 60 },
        failures: { limit: 10, periodSeconds: 60 },
      },
      logLevel: 'info',
      metrics: { enabled: false, token: undefined, listen: undefined },
      brand: {
        name: 'zkpush',
        tagline: undefined,
        disclaimer: undefined,
        logo: undefined,
        favicon: undefined,
        accent: undefined,
        css: undefined,
        links: { imprint: undefined, privacy: undefined, support: undefined },
      },
      instance: { create: true, dashboard: true },
    });
  });

  test('the default web dir is web/build beside the api package', () => {
    expect(DEFAULT_WEB_DIR.replaceAll('\\', '/')).toMatch(/\/web\/build$/);
    expect(DEFAULT_WEB_DIR).not.toMatch(/\/api\/web\//);
  });

  test('the result is deeply frozen', () => {
    const config = ok({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.views)).toBe(true);
    expect(Object.isFrozen(config.expiresIn)).toBe(true);
  });

  test('blank values count as unset', () => {
    expect(ok({ ZKPUSH_PORT: '  ', ZKPUSH_PUBLIC_URL: '' }).port).toBe(8080);
  });
});

describe('parseConfig accepts', () => {
  test('every variable set to a valid value', () => {
    const config = ok({
      ZKPUSH_HOST: '::1',
      ZKPUSH_PORT: '0',
      ZKPUSH_DATA_DIR: 'state',
      ZKPUSH_WEB_DIR: '/opt/web',
      ZKPUSH_PUBLIC_URL: 'https://push.example.com/',
      ZKPUSH_VIEWS_DEFAULT: '2',
      ZKPUSH_VIEWS_MAX: '5',
      ZKPUSH_EXPIRY_DEFAULT: '1h30m',
      ZKPUSH_EXPIRY_MIN: '90',
      ZKPUSH_EXPIRY_MAX: '7d',
      ZKPUSH_MAX_TEXT_BYTES: '4096',
      ZKPUSH_SWEEP_INTERVAL: '5s',
      ZKPUSH_TOMBSTONE_RETENTION: '0',
      ZKPUSH_LOG_LEVEL: 'DEBUG',
    });
    expect(config).toMatchObject({
      host: '::1',
      port: 0,
      dataDir: '/srv/zkpush/state',
      webDir: '/opt/web',
      publicUrl: 'https://push.example.com',
      views: { min: 1, max: 5, default: 2 },
      expiresIn: { min: 90, max: 7 * 86400, default: 5400 },
      maxEnvelopeBytes: 4096,
      sweepIntervalMs: 5000,
      retentionMs: 0,
      logLevel: 'debug',
    });
  });

  test('ZKPUSH_ALLOWED_HOSTS: names with or without a port, or *', () => {
    expect(ok({ ZKPUSH_ALLOWED_HOSTS: 'push.example.org, a.example:8443' }).allowedHosts).toEqual({
      any: false,
      hosts: [
        { name: 'push.example.org', port: undefined },
        { name: 'a.example', port: 8443 },
      ],
    });
    expect(ok({ ZKPUSH_ALLOWED_HOSTS: '*' }).allowedHosts.any).toBe(true);
    expect(ok({ ZKPUSH_PUBLIC_URL: 'https://push.example.org' }).allowedHosts.hosts).toEqual([
      { name: 'push.example.org', port: undefined },
    ]);
  });

  test.each(['localhost', '0.0.0.0', 'zkpush.internal', '::'])('host %s', (host) => {
    expect(ok({ ZKPUSH_HOST: host }).host).toBe(host);
  });
});

describe('parseConfig rejects, naming the variable', () => {
  test.each([
    ['ZKPUSH_HOST', 'not a host!'],
    ['ZKPUSH_PORT', '65536'],
    ['ZKPUSH_PORT', '-1'],
    ['ZKPUSH_PORT', '80.5'],
    ['ZKPUSH_PORT', 'http'],
    ['ZKPUSH_PUBLIC_URL', 'push.example.com'],
    ['ZKPUSH_PUBLIC_URL', 'ftp://push.example.com'],
    ['ZKPUSH_PUBLIC_URL', 'https://push.example.com/sub/'],
    ['ZKPUSH_PUBLIC_URL', 'https://user:pw@push.example.com'],
    ['ZKPUSH_PUBLIC_URL', 'https://push.example.com/?q=1'],
    ['ZKPUSH_VIEWS_DEFAULT', '0'],
    ['ZKPUSH_VIEWS_MAX', '0'],
    ['ZKPUSH_VIEWS_MAX', '1e3'],
    ['ZKPUSH_EXPIRY_DEFAULT', 'tomorrow'],
    ['ZKPUSH_EXPIRY_MIN', '0'],
    ['ZKPUSH_EXPIRY_MAX', '400d'],
    ['ZKPUSH_MAX_TEXT_BYTES', '10'],
    ['ZKPUSH_MAX_TEXT_BYTES', '1MB'],
    ['ZKPUSH_SWEEP_INTERVAL', '0s'],
    ['ZKPUSH_SWEEP_INTERVAL', '2h'],
    ['ZKPUSH_TOMBSTONE_RETENTION', 'forever'],
    ['ZKPUSH_LOG_LEVEL', 'verbose'],
    ['ZKPUSH_ALLOWED_HOSTS', 'https://push.example.org'],
    ['ZKPUSH_ALLOWED_HOSTS', '10.0.0.1'],
  ])('%s=%s', (name, value) => {
    const found = errors({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(name);
    expect(found[0]).toContain(value);
  });

  test('cross-field: views default above max', () => {
    const [message] = errors({ ZKPUSH_VIEWS_DEFAULT: '10', ZKPUSH_VIEWS_MAX: '5' });
    expect(message).toMatch(/ZKPUSH_VIEWS_DEFAULT.*ZKPUSH_VIEWS_MAX/);
  });

  test('cross-field: expiry min above max', () => {
    const [message] = errors({ ZKPUSH_EXPIRY_MIN: '2d', ZKPUSH_EXPIRY_MAX: '1d', ZKPUSH_EXPIRY_DEFAULT: '1d' });
    expect(message).toMatch(/ZKPUSH_EXPIRY_MIN.*ZKPUSH_EXPIRY_MAX/);
  });

  test.each(['1m', '91d'])('cross-field: expiry default %s outside [min, max]', (value) => {
    const [message] = errors({ ZKPUSH_EXPIRY_DEFAULT: value });
    expect(message).toMatch(/ZKPUSH_EXPIRY_DEFAULT.*ZKPUSH_EXPIRY_MIN..ZKPUSH_EXPIRY_MAX/);
  });

  test('reports every bad variable at once', () => {
    const found = errors({ ZKPUSH_PORT: 'x', ZKPUSH_LOG_LEVEL: 'loud', ZKPUSH_VIEWS_MAX: 'many' });
    expect(found).toHaveLength(3);
    expect(found.join('\n')).toMatch(/ZKPUSH_PORT[\s\S]*ZKPUSH_VIEWS_MAX[\s\S]*ZKPUSH_LOG_LEVEL/);
  });
});

test('ZKPUSH_SQLITE_SYNCHRONOUS: full by default, normal when an operator chooses it', () => {
  expect(ok({}).sqliteSynchronous).toBe('full');
  expect(ok({ ZKPUSH_SQLITE_SYNCHRONOUS: 'Normal' }).sqliteSynchronous).toBe('normal');
});

describe('passphrase, flags, audit and rate-limit settings', () => {
  test('every new variable set to a valid value', () => {
    const config = ok({
      ZKPUSH_RETRIEVAL_STEP_DEFAULT: 'off',
      ZKPUSH_RETRIEVAL_STEP_CHANGEABLE: 'NO',
      ZKPUSH_DELETABLE_BY_VIEWER_DEFAULT: '0',
      ZKPUSH_DELETABLE_BY_VIEWER_CHANGEABLE: 'yes',
      ZKPUSH_PASSPHRASE_ALLOWED: 'false',
      ZKPUSH_PASSPHRASE_ATTEMPTS: '3',
      ZKPUSH_IP_LOGGING: 'Full',
      ZKPUSH_TRUSTED_PROXIES: '10.0.0.0/8, ::1 ,203.0.113.7',
      ZKPUSH_AUDIT_RETENTION: '30d',
      ZKPUSH_AUDIT_MAX_EVENTS: '50',
      ZKPUSH_RATE_LIMIT: 'OFF',
      ZKPUSH_RATE_CREATE: '5/sec',
      ZKPUSH_RATE_META: '1000 / hour',
      ZKPUSH_RATE_REVEAL: '7/MIN',
      ZKPUSH_RATE_FAILURES: '1/hour',
    });
    expect(config).toMatchObject({
      flags: {
        retrievalStep: { default: false, changeable: false },
        deletableByViewer: { default: false, changeable: true },
      },
      passphrase: { allowed: false, maxAttempts: 3 },
      audit: { ipLogging: 'full', maxEventsPerPush: 50 },
      retentionMs: 30 * 86400_000,
      rateLimit: {
        enabled: false,
        create: { limit: 5, periodSeconds: 1 },
        meta: { limit: 1000, periodSeconds: 3600 },
        reveal: { limit: 7, periodSeconds: 60 },
        failures: { limit: 1, periodSeconds: 3600 },
      },
    });
    expect(config.trustedProxies.map((p) => [p.ip.address, p.prefix])).toEqual([
      ['10.0.0.0', 8],
      ['::1', 128],
      ['203.0.113.7', 32],
    ]);
    expect(Object.isFrozen(config.rateLimit)).toBe(true);
    expect(Object.isFrozen(config.flags.retrievalStep)).toBe(true);
  });

  test.each([
    ['ZKPUSH_RETRIEVAL_STEP_DEFAULT', 'maybe'],
    ['ZKPUSH_RETRIEVAL_STEP_CHANGEABLE', '2'],
    ['ZKPUSH_DELETABLE_BY_VIEWER_DEFAULT', 'enabled'],
    ['ZKPUSH_DELETABLE_BY_VIEWER_CHANGEABLE', 't'],
    ['ZKPUSH_PASSPHRASE_ALLOWED', 'sometimes'],
    ['ZKPUSH_PASSPHRASE_ATTEMPTS', '0'],
    ['ZKPUSH_PASSPHRASE_ATTEMPTS', '101'],
    ['ZKPUSH_IP_LOGGING', 'anonymized'],
    ['ZKPUSH_TRUSTED_PROXIES', '10.0.0.0/33'],
    ['ZKPUSH_TRUSTED_PROXIES', '10.0.0.1,,10.0.0.2', '""'],
    ['ZKPUSH_TRUSTED_PROXIES', '10.0.0.1, proxy.internal', '"proxy.internal"'],
    ['ZKPUSH_AUDIT_RETENTION', 'forever'],
    ['ZKPUSH_AUDIT_RETENTION', '400d'],
    ['ZKPUSH_AUDIT_MAX_EVENTS', '9'],
    ['ZKPUSH_AUDIT_MAX_EVENTS', '100001'],
    ['ZKPUSH_RATE_LIMIT', 'yes'],
    ['ZKPUSH_RATE_CREATE', '30'],
    ['ZKPUSH_RATE_CREATE', '30/day'],
    ['ZKPUSH_RATE_META', '0/min'],
    ['ZKPUSH_RATE_REVEAL', '1.5/sec'],
    ['ZKPUSH_RATE_FAILURES', '2000000/sec'],
    ['ZKPUSH_SQLITE_SYNCHRONOUS', 'off'],
  ])('%s=%s is refused, naming the variable and the value', (name, value, shown = value) => {
    const found = errors({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(name);
    expect(found[0]).toContain(shown);
  });

  test('ZKPUSH_TOMBSTONE_RETENTION is a deprecated alias of ZKPUSH_AUDIT_RETENTION', () => {
    const result = parseConfig({ ZKPUSH_TOMBSTONE_RETENTION: '7d' });
    if (result.kind !== 'ok') throw new Error('expected ok');
    expect(result.config.retentionMs).toBe(7 * 86400_000);
    expect(result.warnings).toEqual([expect.stringMatching(/ZKPUSH_TOMBSTONE_RETENTION.*ZKPUSH_AUDIT_RETENTION/)]);
    expect(ok({ ZKPUSH_TOMBSTONE_RETENTION: '7d', ZKPUSH_AUDIT_RETENTION: '1w' }).retentionMs).toBe(7 * 86400_000);
  });

  test('both retention variables with different values is an error naming both', () => {
    const [message] = errors({ ZKPUSH_TOMBSTONE_RETENTION: '7d', ZKPUSH_AUDIT_RETENTION: '30d' });
    expect(message).toMatch(/ZKPUSH_AUDIT_RETENTION.*ZKPUSH_TOMBSTONE_RETENTION/);
  });

  test('no warnings for a plain configuration', () => {
    const result = parseConfig({});
    expect(result.kind === 'ok' && result.warnings).toEqual([]);
  });
});

describe('file limits', () => {
  test('every file variable set to a valid value', () => {
    expect(
      ok({
        ZKPUSH_FILES_ALLOWED: 'no',
        ZKPUSH_MAX_FILES: '3',
        ZKPUSH_MAX_FILE_BYTES: '1GiB',
        ZKPUSH_MAX_PUSH_BYTES: '2GiB',
        ZKPUSH_STORAGE_QUOTA: '10GiB',
        ZKPUSH_DISK_RESERVE: '0',
        ZKPUSH_DOWNLOAD_WINDOW: '2h',
        ZKPUSH_UPLOAD_START_TIMEOUT: '90s',
        ZKPUSH_UPLOAD_IDLE_TIMEOUT: '30m',
        ZKPUSH_MAX_PENDING_BYTES_PER_CLIENT: '4GiB',
      }).files,
    ).toEqual({
      allowed: false,
      maxFiles: 3,
      maxFileBytes: 2 ** 30,
      maxPushBytes: 2 * 2 ** 30,
      storageQuotaBytes: 10 * 2 ** 30,
      diskReserveBytes: 0,
      downloadWindowSeconds: 7200,
      uploadStartSeconds: 90,
      uploadIdleSeconds: 1800,
      maxPendingBytesPerClient: 4 * 2 ** 30,
    });
  });

  test('the per-client pending cap follows ZKPUSH_MAX_PUSH_BYTES unless set', () => {
    expect(ok({ ZKPUSH_MAX_PUSH_BYTES: '3GiB' }).files.maxPendingBytesPerClient).toBe(3 * 2 ** 30);
  });

  test.each([
    ['ZKPUSH_UPLOAD_START_TIMEOUT', '59s'],
    ['ZKPUSH_UPLOAD_START_TIMEOUT', '8d'],
    ['ZKPUSH_UPLOAD_START_TIMEOUT', 'soon'],
    ['ZKPUSH_MAX_PENDING_BYTES_PER_CLIENT', 'lots'],
    ['ZKPUSH_MAX_PENDING_BYTES_PER_CLIENT', '17TiB'],
  ])('%s=%s is refused, naming it', (name, value) => {
    const found = errors({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(name);
    expect(found[0]).toContain(value);
  });

  test('a pending cap below the largest push is refused (such a push could never be created)', () => {
    const [message] = errors({ ZKPUSH_MAX_PENDING_BYTES_PER_CLIENT: '8GiB' });
    expect(message).toMatch(/ZKPUSH_MAX_PENDING_BYTES_PER_CLIENT.*at least ZKPUSH_MAX_PUSH_BYTES/);
  });
});

describe('monitoring settings', () => {
  const TOKEN = 'abcdefghijklmnop-_.~+/0123';

  test('a token or a listen address turns /metrics on; ZKPUSH_METRICS alone does too', () => {
    expect(ok({ ZKPUSH_METRICS: 'on' }).metrics).toEqual({ enabled: true, token: undefined, listen: undefined });
    expect(ok({ ZKPUSH_METRICS_TOKEN: TOKEN }).metrics).toEqual({ enabled: true, token: TOKEN, listen: undefined });
    expect(ok({ ZKPUSH_METRICS_LISTEN: '127.0.0.1:9464' }).metrics.listen).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(ok({ ZKPUSH_METRICS_LISTEN: '[::1]:0' }).metrics.listen).toEqual({ host: '::1', port: 0 });
    expect(ok({ ZKPUSH_METRICS_LISTEN: 'localhost:9464' }).metrics.enabled).toBe(true);
  });

  test('a short or malformed token is refused without echoing it', () => {
    for (const token of ['short-token', `${TOKEN} space`, `${TOKEN}!`]) {
      const result = parseConfig({ ZKPUSH_METRICS_TOKEN: token });
      expect(result.kind, token).toBe('invalid');
      if (result.kind !== 'invalid') continue;
      expect(result.errors.join('\n')).toContain('ZKPUSH_METRICS_TOKEN');
      expect(result.errors.join('\n')).not.toContain(token);
    }
  });

  test('a listen address needs a host and a port in range', () => {
    for (const listen of ['9464', ':9464', '127.0.0.1', '127.0.0.1:65536', '::1:9464', '[nope]:1', 'a b:1']) {
      const result = parseConfig({ ZKPUSH_METRICS_LISTEN: listen });
      expect(result.kind, listen).toBe('invalid');
    }
  });
});
