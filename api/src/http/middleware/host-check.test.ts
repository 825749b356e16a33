/** 421 for a Host this server does not answer — the DNS-rebinding defence — on every path (issue 10 §7). */
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../config/config.ts';
import { createTestApp, expectError, type TestAppOptions } from '../../testing/harness.ts';

async function request(options: TestAppOptions, host: string, path = '/api/v1/config'): Promise<Response> {
  const t = await createTestApp(options);
  try {
    return await t.app.request(path, { headers: { host } });
  } finally {
    await t.close();
  }
}

function configured(env: Record<string, string>): TestAppOptions {
  const parsed = parseConfig(env);
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  return { config: { allowedHosts: parsed.config.allowedHosts } };
}

describe('a loopback-only instance (no ZKPUSH_PUBLIC_URL)', () => {
  test.each(['127.0.0.1:8080', 'localhost:8080', '[::1]:8080'])('answers %s', async (host) => {
    expect((await request({}, host)).status).toBe(200);
  });

  test.each([
    ['the API', '/api/v1/config'],
    ['a page', '/'],
    ['a reveal page', '/s/AAAAAAAAAAAAAAAAAAAAAA'],
  ])('refuses a rebinding page’s host name with 421 JSON, on %s', async (_, path) => {
    const res = await request({}, 'attacker.example:8080', path);
    const error = await expectError(res, 421);
    expect(error.code).toBe('misdirected_request');
    expect(error.message).toContain('ZKPUSH_ALLOWED_HOSTS');
    expect(error.message).not.toContain('attacker');
  });
});

describe('behind a proxy', () => {
  test('the public URL’s host is answered by default, other names are not', async () => {
    const options = configured({ ZKPUSH_PUBLIC_URL: 'https://push.example.org' });
    expect((await request(options, 'push.example.org')).status).toBe(200);
    expect((await request(options, '127.0.0.1:8080')).status).toBe(200);
    expect((await request(options, 'other.example.org')).status).toBe(421);
  });

  test('ZKPUSH_ALLOWED_HOSTS replaces the default; * answers any host', async () => {
    const listed = configured({ ZKPUSH_PUBLIC_URL: 'https://push.example.org', ZKPUSH_ALLOWED_HOSTS: 'a.example' });
    expect((await request(listed, 'a.example:8080')).status).toBe(200);
    expect((await request(listed, 'push.example.org')).status).toBe(421);
    expect((await request(configured({ ZKPUSH_ALLOWED_HOSTS: '*' }), 'anything.example')).status).toBe(200);
  });
});
